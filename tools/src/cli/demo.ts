/**
 * `make demo`, and how `make up` ends: seeds the banks' demo customers (demo/customers.json), registers
 * each customer at their PSP, links the account, creates the VPA and sets the UPI PIN through the real
 * message flow (the one-time codes read from each customer's phone on the simulated SMS network), then pays ₹100 from asha@zap to vikram@kite and prints the payment's journey hop by hop,
 * the balances before and after, and where to look in the RabbitMQ management UI.
 *
 * The demo customers' PIN is SY_DEMO_PIN (default 1234): it exists only in this process and, sealed, on
 * the wire; the bank keeps a salted hash. Sessions are kept in .run/demo-sessions.json (mode 0600).
 */
import { Command } from 'commander';
import { connectPhoneNetwork } from '@switchyard/app';
import { loadNetwork } from '@switchyard/infra';
import { appClients } from '../demo/appClients.ts';
import { loadDemoCustomers, type DemoCustomer as Customer } from '../demo/demoCustomers.ts';
import { loadDemoSessions, saveDemoSessions, sessionKeyOf } from '../demo/demoSessions.ts';
import { onboard, type Onboarded } from '../demo/onboard.ts';
import { seedBanks } from '../demo/seedBanks.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings, DEMO_PIN_DEFAULT } from '../config.ts';
import { loadPeopleSecrets, operatorKeyOf } from '../network/secrets.ts';
import { monitoringUserName } from '@switchyard/infra';
import { serviceUrl } from '../network/serviceUrl.ts';

new Command('demo')
  .description(
    'Seed and onboard the demo customers (idempotent), pay ₹100 from asha@zap to vikram@kite and show ' +
      "the payment's journey and the balances. Needs the network running (make up).",
  )
  .addHelpText(
    'after',
    `${LOCAL_SETTINGS_HELP}\n  SY_DEMO_PIN               the demo customers' UPI PIN (1234)\n` +
      '  SY_SERVICE_HOSTS          participant=host,… where services are not on 127.0.0.1 (docker compose)',
  )
  .parse();

const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const pin = toolSettings().demoPin ?? DEMO_PIN_DEFAULT;
const customers = loadDemoCustomers();
const sessions = loadDemoSessions(settings.runDir) ?? {};
const rupees = (paise: number): string =>
  `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;
/** Each service's operator endpoints take that service's own key. */
const operatorOf = (participant: string) => ({
  'x-operator-key': operatorKeyOf(settings.keysDir, participant),
});

const clients = appClients(network.psps, (p) => serviceUrl(p.id, p.httpPort));

const balanceOf = async (customer: Customer): Promise<number> => {
  const bank = network.banks.find((b) => b.id === customer.bank)!;
  const response = await fetch(`${serviceUrl(bank.id, bank.httpPort)}/v1/accounts/${customer.acNum}`, {
    headers: operatorOf(bank.id),
  });
  const body = (await response.json()) as { balanceMinor: number };
  return body.balanceMinor;
};

const printJourney = async (txnId: string): Promise<void> => {
  const response = await fetch(
    `${serviceUrl(network.switch.id, network.switch.httpPort)}/v1/payments/${txnId}/journey`,
    { headers: operatorOf(network.switch.id) },
  );
  const journey = (await response.json()) as {
    hops: Array<{ at: string; msSinceStart: number; label: string }>;
  };
  console.log(`\njourney of ${txnId} (each hop as the switch saw it):`);
  for (const hop of journey.hops) {
    console.log(`  ${hop.at.slice(11, 23)}  +${String(hop.msSinceStart).padStart(4)} ms  ${hop.label}`);
  }
};

for (const { bank, result } of await seedBanks({
  network,
  postgresUrl: settings.postgresUrl,
  customers,
})) {
  if (result.accountsCreated > 0) console.log(`seeded ${result.accountsCreated} accounts at ${bank.name}`);
}
const onboarded = new Map<string, Onboarded>();
// The customers' phones: the one-time codes of registration and PIN set arrive there by SMS.
const phones = await connectPhoneNetwork({ amqpUrl: settings.amqpUrl, prefix: network.prefix });
try {
  for (const customer of customers) {
    const key = sessionKeyOf(customer);
    const done = await onboard(clients.get(customer.psp)!, customer, { phones, pin, session: sessions[key] });
    onboarded.set(customer.vpaUser, done);
    if (sessions[key] !== done.session) {
      sessions[key] = done.session;
      saveDemoSessions(settings.runDir, sessions);
    }
  }
} finally {
  await phones.close();
}
console.log(
  `onboarded ${onboarded.size} demo customers: ${[...onboarded.values()].map((o) => o.vpa).join(', ')}`,
);

const payer = customers.find((c) => c.vpaUser === 'asha')!;
const payee = customers.find((c) => c.vpaUser === 'vikram')!;
const before = [await balanceOf(payer), await balanceOf(payee)];
const { session, vpa, client } = onboarded.get('asha')!;
const started = Date.now();
const { txnId } = await client.pay(session, {
  payerVpa: vpa,
  payeeVpa: onboarded.get('vikram')!.vpa,
  amount: '100.00',
  pin,
  note: 'Switchyard demo',
});
console.log(`\nPOST /v1/payments → 202 PENDING, txn ${txnId}`);
const final = await client.waitForFinal(session, txnId, { timeoutMs: 30_000 });
console.log(
  `final status over the WebSocket after ${Date.now() - started} ms: ${final.status}${final.errCode ? ` (${final.errCode})` : ''}`,
);
if (final.status !== 'SUCCESS') {
  const legs = final.legs.map((l) => `${l.type} ${l.respCode}`).join(', ');
  console.error(
    `demo: the payment did not succeed (${final.errCode ?? final.status}; legs ${legs}).` +
      (final.legs[0]?.respCode === 'ZM'
        ? " ZM means the bank refused the PIN: if .keys/ was regenerated after the first make up, the banks' PIN" +
          ' verifiers were made with the old PIN key (pepper) — run `make reset && make up`.'
        : ' See .run/logs/ and `make check`.'),
  );
  process.exitCode = 1;
}
await printJourney(txnId);
const after = [await balanceOf(payer), await balanceOf(payee)];
console.log(`\n${payer.name} (${payer.ifsc}): ${rupees(before[0])} → ${rupees(after[0])}`);
console.log(`${payee.name} (${payee.ifsc}): ${rupees(before[1])} → ${rupees(after[1])}`);
console.log(`
Where to look:
  Console       http://127.0.0.1:${toolSettings().consolePort} — live charts, the payment feed (click one for its hops), failure injection
  This payment  make trace TXN=${txnId} · make logs TXN=${txnId}
  RabbitMQ UI   ${settings.managementUrl} (read-only: ${monitoringUserName(network.prefix)} / ${loadPeopleSecrets(settings.keysDir).monitoringPassword}) — Exchanges: ${network.prefix}<participant>; Queues: ${network.prefix}<participant>.work,
                its .dlq and .retry.* queues, ${network.prefix}unroutable. Message bodies are sealed: the properties say the type, ids,
                correlation id (= txn id), sender and recipient (README: Follow one payment).
  PSP APIs      ${network.psps.map((p) => `${serviceUrl(p.id, p.httpPort)}/docs`).join('  ')}
  Switch        ${serviceUrl(network.switch.id, network.switch.httpPort)}/v1/payments/${txnId}/journey (X-Operator-Key: each service's own, in .keys/<participant>/secrets.json)
  Metrics       /metrics on every service; RabbitMQ's on :15692/metrics
  More          make check (money invariant) · make rebuild (event log) · make load · make logs · make down
  Demo PIN      SY_DEMO_PIN, or the default in the README's "Demo customers"`);
