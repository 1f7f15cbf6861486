/** A trace as text, one hop a line (the `trace` command and the console's plain-text answer). */
import type { Trace } from './traceTypes.ts';

const time = (at: string | null): string => (at === null ? '            ' : at.slice(11, 23));

const pad = (text: string, width: number): string =>
  text.length >= width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

/** The hop's state with the time it took to be handled, when both ends are known. */
const stateOf = (hop: Trace['hops'][number]): string => {
  if (hop.state !== 'delivered' || hop.sentAt === null || hop.receivedAt === null) return hop.state;
  return `delivered in ${Date.parse(hop.receivedAt) - Date.parse(hop.sentAt)} ms`;
};

export const formatTrace = (trace: Trace): string => {
  const lines: string[] = [];
  const status =
    trace.switchStatus === null
      ? 'unknown to the switch'
      : `${trace.finalStatus ?? 'in flight'}${trace.errCode ? ` ${trace.errCode}` : ''} (switch: ${trace.switchStatus})`;
  lines.push(`payment ${trace.txnId}: ${status}`);
  if (trace.hops.length === 0) {
    lines.push('  no service has a record of it');
    return lines.join('\n');
  }
  lines.push(
    `  ${'+ms'.padStart(6)}  ${'time'.padEnd(12)}  ${pad('message', 26)} ${pad('from → to', 28)} ${pad('code', 5)} state / notes`,
  );
  for (const hop of trace.hops) {
    const notes = hop.notes.length > 0 ? `; ${hop.notes.join('; ')}` : '';
    lines.push(
      `  ${String(hop.msSinceStart ?? '').padStart(6)}  ${time(hop.sentAt ?? hop.receivedAt)}  ${pad(hop.message, 26)} ` +
        `${pad(`${hop.from} → ${hop.to}`, 28)} ${pad(hop.code ?? '', 5)} ${stateOf(hop)}${notes}`,
    );
  }
  for (const view of [trace.payerView, trace.payeeView]) {
    if (!view) continue;
    const legs = view.legs.map((leg) => `${leg.type} ${leg.respCode}`).join(', ');
    lines.push(
      `${view.role === 'PAYER' ? "payer's" : "payee's"} app (${view.psp}): ${view.status}` +
        `${view.errCode ? ` ${view.errCode}` : ''}${view.declineClass ? ` (${view.declineClass})` : ''}, ` +
        `₹${view.amount} ${view.payerVpa} → ${view.payeeVpa}${legs ? `; legs ${legs}` : ''}`,
    );
  }
  return lines.join('\n');
};
