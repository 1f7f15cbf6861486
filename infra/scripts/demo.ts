/**
 * The demo `make up` ends with: seeds the banks' demo customers (infra/demo/customers.json), registers
 * each customer at their PSP, links the account, creates the VPA and sets the UPI PIN through the real
 * message flow, then pays ₹100 from asha@zap to vikram@kite and prints the payment's journey hop by hop,
 * the balances before and after, and where to look in the RabbitMQ management UI.
 *
 * The demo customers' PIN is SY_DEMO_PIN (default 1234): it exists only in this process and, sealed, on
 * the wire; the bank keeps a salted hash. Sessions are kept in .run/demo-sessions.json (mode 0600).
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createDb,
  databaseUrl,
  loadDemoCustomers,
  loadNetwork,
  migrate,
  type DemoCustomer as Customer,
} from '@switchyard/infra';
import { bankMigrations, seedBank } from '@switchyard/bank';
import { outboxMigrations } from '@switchyard/outbox';
import { createPspClient, type PspClient, type PspSession } from '@switchyard/psp';
import { loadSecrets, localSettings } from '../src/launcher/settings.ts';
import { serviceUrl } from './lib/serviceUrl.ts';

const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const secrets = await loadSecrets(settings.keysDir);
const pin = process.env.SY_DEMO_PIN ?? '1234';
const customers = loadDemoCustomers();
const sessionsFile = join(settings.runDir, 'demo-sessions.json');
const sessions: Record<string, PspSession> = existsSync(sessionsFile)
  ? JSON.parse(readFileSync(sessionsFile, 'utf8'))
  : {};
const rupees = (paise: number): string =>
  `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;
const operator = { 'x-operator-key': secrets.operatorKey };

const seedBanks = async (): Promise<void> => {
  for (const bank of network.banks) {
    const url = databaseUrl(settings.postgresUrl, bank.database);
    await migrate(url, [outboxMigrations, bankMigrations]);
    const db = await createDb(url, { poolSizeMax: 1 });
    try {
      const result = await seedBank(db, { participant: bank.id, ifscPrefix: bank.ifscPrefix, customers });
      if (result.accountsCreated > 0)
        console.log(`seeded ${result.accountsCreated} accounts at ${bank.name}`);
    } finally {
      await db.end();
    }
  }
};

const clients = new Map<string, PspClient>(
  network.psps.map((p) => [p.id, createPspClient({ baseUrl: serviceUrl(p.id, p.httpPort) })]),
);

/** Registers the customer at their PSP (once), links the account, creates the VPA and sets the PIN. */
const onboard = async (customer: Customer): Promise<{ session: PspSession; vpa: string }> => {
  const client = clients.get(customer.psp)!;
  const handle = network.psps.find((p) => p.id === customer.psp)!.handle;
  const vpa = `${customer.vpaUser}@${handle}`;
  const key = `${customer.psp}/${customer.mobile}`;
  let session: PspSession | undefined = sessions[key];
  if (session) {
    const check = await client.request('GET', '/v1/vpas', { session });
    if (check.status === 401) session = undefined; // the PSP's database was reset since
  }
  if (!session) {
    session = await client.register({ name: customer.name, mobile: customer.mobile });
    sessions[key] = session;
    mkdirSync(settings.runDir, { recursive: true });
    writeFileSync(sessionsFile, JSON.stringify(sessions, null, 2), { mode: 0o600 });
  }
  const existing = (await client.vpas(session)).find((v) => v.vpa === vpa);
  if (!existing) {
    const accounts = await client.discover(session, customer.ifsc);
    const account = accounts.find((a) => a.acNum === customer.acNum);
    if (!account)
      throw new Error(`${customer.name}: account ${customer.acNum} not found at ${customer.ifsc}`);
    await client.createVpa(session, {
      username: customer.vpaUser,
      acNum: customer.acNum,
      ifsc: customer.ifsc,
    });
    if (!account.pinSet && customer.status === 'ACTIVE') {
      await client.setPin(session, {
        vpa,
        newPin: pin,
        cardLast6: customer.cardLast6,
        cardExpiry: customer.cardExpiry,
      });
    }
  }
  return { session, vpa };
};

const balanceOf = async (customer: Customer): Promise<number> => {
  const bank = network.banks.find((b) => b.id === customer.bank)!;
  const response = await fetch(`${serviceUrl(bank.id, bank.httpPort)}/v1/accounts/${customer.acNum}`, {
    headers: operator,
  });
  const body = (await response.json()) as { balanceMinor: number };
  return body.balanceMinor;
};

const printJourney = async (txnId: string): Promise<void> => {
  const response = await fetch(
    `${serviceUrl(network.switch.id, network.switch.httpPort)}/v1/payments/${txnId}/journey`,
    { headers: operator },
  );
  const journey = (await response.json()) as {
    hops: Array<{ at: string; msSinceStart: number; label: string }>;
  };
  console.log(`\njourney of ${txnId} (each hop as the switch saw it):`);
  for (const hop of journey.hops) {
    console.log(`  ${hop.at.slice(11, 23)}  +${String(hop.msSinceStart).padStart(4)} ms  ${hop.label}`);
  }
};

await seedBanks();
const onboarded = new Map<string, { session: PspSession; vpa: string }>();
for (const customer of customers) onboarded.set(customer.vpaUser, await onboard(customer));
console.log(
  `onboarded ${onboarded.size} demo customers: ${[...onboarded.values()].map((o) => o.vpa).join(', ')}`,
);

const payer = customers.find((c) => c.vpaUser === 'asha')!;
const payee = customers.find((c) => c.vpaUser === 'vikram')!;
const before = [await balanceOf(payer), await balanceOf(payee)];
const { session, vpa } = onboarded.get('asha')!;
const client = clients.get(payer.psp)!;
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
        ? " ZM means the bank refused the PIN: if .keys/ was regenerated after the first make up, the banks' PIN hashes" +
          ' were made with the old pepper — run `make reset && make up`.'
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
  RabbitMQ UI   ${settings.managementUrl} (guest/guest) — Exchanges: ${network.prefix}<participant>; Queues: ${network.prefix}<participant>.work,
                its .dlq and .retry.* queues, ${network.prefix}unroutable. Message bodies are sealed: only type, ids, sender and
                recipient are readable (Get messages on a queue while the network is stopped to see one).
  PSP APIs      ${network.psps.map((p) => `${serviceUrl(p.id, p.httpPort)}/docs`).join('  ')}
  Switch        ${serviceUrl(network.switch.id, network.switch.httpPort)}/v1/payments/${txnId}/journey (X-Operator-Key from .keys/secrets.json)
  Metrics       /metrics on every service; RabbitMQ's on :15692/metrics
  More          make check (money invariant) · make rebuild (event log) · make load · make logs · make down
  Demo PIN      SY_DEMO_PIN, or the default in the README's "Demo customers"`);
