/**
 * `make pay FROM=asha TO=vikram AMOUNT=250.00 [PIN=…]` — one payment between demo customers of the local
 * network (after `make up`), printed as it happens: the 202, every status change pushed over the
 * WebSocket, the final answer with both code levels, and the switch's journey.
 * TO may also be any VPA (e.g. nobody@kite) to see a decline.
 */
import { Command } from 'commander';
import { createPspClient } from '@switchyard/app';
import { loadNetwork } from '@switchyard/infra';
import { loadDemoCustomers } from '../demo/demoCustomers.ts';
import { loadDemoSessions, sessionKeyOf } from '../demo/demoSessions.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings, DEMO_PIN_DEFAULT } from '../config.ts';
import { operatorKeyOf } from '../network/secrets.ts';
import { serviceUrl } from '../network/serviceUrl.ts';

const values = new Command('pay')
  .description(
    'One payment between demo customers of the local network (after make up), shown as it happens: ' +
      "the 202, every status pushed over the WebSocket, the final answer and the switch's journey.",
  )
  .option('--from <customer>', 'the paying demo customer (asha, vikram, meera, rahul, kabir, devika)', 'asha')
  .option('--to <customer|vpa>', 'a demo customer or any VPA (e.g. nobody@kite, to see a decline)', 'vikram')
  .option('--amount <rupees>', 'rupees, at most 2 decimals', '100.00')
  .option('--pin <pin>', 'the UPI PIN (default: SY_DEMO_PIN, else 1234)')
  .option('--note <text>', 'the payment note', 'make pay')
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ from: string; to: string; amount: string; pin?: string; note: string }>();
const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const customers = loadDemoCustomers();
const sessions = loadDemoSessions(settings.runDir);
if (!sessions) {
  console.error('pay: no demo sessions: run `make up` first');
  process.exit(1);
}
const vpaOf = (user: string): string => {
  if (user.includes('@')) return user;
  const customer = customers.find((c) => c.vpaUser === user);
  if (!customer)
    throw new Error(`unknown demo customer ${user}: one of ${customers.map((c) => c.vpaUser).join(', ')}`);
  return `${user}@${network.psps.find((p) => p.id === customer.psp)!.handle}`;
};
const payer = customers.find((c) => c.vpaUser === values.from);
if (!payer) throw new Error(`unknown demo customer ${values.from}`);
const psp = network.psps.find((p) => p.id === payer.psp)!;
const session = sessions[sessionKeyOf(payer)];
if (!session) throw new Error(`${values.from} is not onboarded: run make demo`);
const client = createPspClient({ baseUrl: serviceUrl(psp.id, psp.httpPort) });

const started = Date.now();
const ours = { txnId: '' }; // known once POST /v1/payments answers; the socket may speak first
let sawFinal!: () => void;
const finalPushed = new Promise<void>((resolve) => {
  sawFinal = resolve;
});
const socket = await client.openStatusSocket(session, (p) => {
  console.log(
    `+${String(Date.now() - started).padStart(4)} ms  WebSocket: ${p.txnId} ${p.status}${p.errCode ? ` ${p.errCode}` : ''}`,
  );
  if (p.txnId === ours.txnId && p.status !== 'PENDING') sawFinal();
});
const { txnId } = await client.pay(session, {
  payerVpa: vpaOf(payer.vpaUser),
  payeeVpa: vpaOf(values.to),
  amount: values.amount,
  note: values.note,
  pin: values.pin ?? toolSettings().demoPin ?? DEMO_PIN_DEFAULT,
});
ours.txnId = txnId;
console.log(`+${String(Date.now() - started).padStart(4)} ms  POST /v1/payments → 202 ${txnId}`);
const final = await client.waitForFinal(session, txnId, {
  timeoutMs: 60_000,
  via: 'poll',
  pollIntervalMs: 100,
});
await Promise.race([finalPushed, new Promise((r) => setTimeout(r, 2_000))]);
socket.close();
console.log(
  `\n${final.status}${final.errCode ? ` errCode ${final.errCode} (${final.declineClass})` : ''}; legs: ` +
    final.legs.map((l) => `${l.type} ${l.addr} ${l.respCode} ₹${l.settAmount}`).join(', '),
);
const journey = (await (
  await fetch(`${serviceUrl(network.switch.id, network.switch.httpPort)}/v1/payments/${txnId}/journey`, {
    headers: { 'x-operator-key': operatorKeyOf(settings.keysDir, network.switch.id) },
  })
).json()) as { hops: Array<{ at: string; msSinceStart: number; label: string }> };
for (const hop of journey.hops)
  console.log(`  ${hop.at.slice(11, 23)}  +${String(hop.msSinceStart).padStart(4)} ms  ${hop.label}`);
