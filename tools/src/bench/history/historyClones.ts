/**
 * The identities and times of a history of `count` payments copied from real ones (templates), spread
 * evenly over the `days` before `nowMs` and interleaved over the templates (payment g copies template
 * g mod K). Pure, so the switch's and the banks' copies of payment g agree on everything:
 *   - txn id: the template's PSP prefix, 'H', then g in base 36 (35 characters, like every txn id);
 *   - RRN: '9' and g on 11 digits (12 digits);
 *   - approval numbers: 'D' / 'C' and g in base 36 on 5 characters (6 characters);
 *   - shift: how far the template's timestamps move to land on the copy's moment.
 */
export type CloneTemplate = { txnId: string; receivedAtMs: number };

export type Clone = {
  txnId: string;
  rrn: string;
  shiftMs: number;
  debitApprovalNum: string;
  creditApprovalNum: string;
};

export type HistorySpan = { count: number; days: number; nowMs: number };

const base36 = (value: number, width: number): string =>
  value.toString(36).toUpperCase().padStart(width, '0');

/** The copy g of `template` (see the module comment). */
export const cloneOf = (g: number, template: CloneTemplate, span: HistorySpan): Clone => {
  const spanMs = span.days * 86_400_000;
  const atMs = span.nowMs - spanMs + Math.floor(((g + 0.5) * spanMs) / span.count);
  return {
    txnId: `${template.txnId.slice(0, 3)}H${base36(g, 31)}`,
    rrn: `9${String(g).padStart(11, '0')}`,
    shiftMs: atMs - template.receivedAtMs,
    debitApprovalNum: `D${base36(g, 5)}`,
    creditApprovalNum: `C${base36(g, 5)}`,
  };
};

/**
 * The copies, template by template in chunks of at most `chunkSize` (each chunk is one insert per
 * database).
 * @throws Error without templates, or for more payments than the identities hold (36⁵ approval numbers)
 */
export function* historyChunks(
  templates: readonly CloneTemplate[],
  span: HistorySpan,
  chunkSize: number,
): Generator<{ template: CloneTemplate; clones: Clone[] }> {
  if (templates.length === 0) throw new Error('history needs at least one finished payment to copy');
  if (span.count > 36 ** 5) throw new Error(`at most ${36 ** 5} history payments`);
  for (const [t, template] of templates.entries()) {
    let clones: Clone[] = [];
    for (let g = t; g < span.count; g += templates.length) {
      clones.push(cloneOf(g, template, span));
      if (clones.length === chunkSize) {
        yield { template, clones };
        clones = [];
      }
    }
    if (clones.length > 0) yield { template, clones };
  }
}
