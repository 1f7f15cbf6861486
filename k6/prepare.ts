/**
 * Prepares a load run against the local network (`make up` first): seeds load customers into the banks,
 * onboards them at the PSPs (register, discover, VPA, PIN through the real flow) and pre-builds N payment
 * requests — each with its own txn id, idempotency key and creds sealed for that txn id and amount, as an
 * app would — into .run/load/plan.json. k6 (k6/payments.js) and autocannon (k6/autocannon/run.ts) both
 * replay that plan, so the scenario is the same whichever runner you have.
 *
 *   node k6/prepare.ts [--payments 3000] [--payers 24]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bankMigrations, seedBank } from '@switchyard/bank';
import { createDb, databaseUrl, loadNetwork, migrate, type DemoCustomer } from '@switchyard/infra';
import { outboxMigrations } from '@switchyard/outbox';
import { createPspClient } from '@switchyard/psp';
import { localSettings } from '../infra/src/launcher/settings.ts';
import { serviceUrl } from '../infra/scripts/lib/serviceUrl.ts';

export type PlannedPayment = {
  pspUrl: string;
  token: string;
  deviceId: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
};
export type LoadPlan = { createdAt: string; payments: PlannedPayment[] };

const { values } = parseArgs({
  options: { payments: { type: 'string', default: '3000' }, payers: { type: 'string', default: '24' } },
});
const paymentCount = Number(values.payments);
const payerCount = Number(values.payers);
const pin = process.env.SY_LOAD_PIN ?? '5791';
const settings = localSettings();
const network = loadNetwork(settings.networkFile);

const loadCustomers: DemoCustomer[] = Array.from({ length: payerCount }, (_, i) => {
  const bank = network.banks[i % network.banks.length];
  const psp = network.psps[Math.floor(i / network.banks.length) % network.psps.length];
  const n = String(i).padStart(4, '0');
  return {
    name: `Load Payer ${n}`,
    mobile: `96000${n.padStart(5, '0')}`,
    bank: bank.id,
    acNum: `9${String(i % network.banks.length)}00000${n}`,
    ifsc: `${bank.ifscPrefix}0000900`,
    balanceMinor: 1_000_000_000,
    cardLast6: '900900',
    cardExpiry: '1230',
    status: 'ACTIVE',
    psp: psp.id,
    vpaUser: `loadpayer${n}`,
  };
});

for (const bank of network.banks) {
  const url = databaseUrl(settings.postgresUrl, bank.database);
  await migrate(url, [outboxMigrations, bankMigrations]);
  const db = await createDb(url, { poolSizeMax: 1 });
  await seedBank(db, { participant: bank.id, ifscPrefix: bank.ifscPrefix, customers: loadCustomers }).finally(
    () => db.end(),
  );
}

const onboarded = await Promise.all(
  loadCustomers.map(async (customer) => {
    const psp = network.psps.find((p) => p.id === customer.psp)!;
    const client = createPspClient({ baseUrl: serviceUrl(psp.id, psp.httpPort) });
    const session = await client.register({ name: customer.name, mobile: customer.mobile });
    const accounts = await client.discover(session, customer.ifsc);
    const account = accounts.find((a) => a.acNum === customer.acNum)!;
    const suffix = Date.now().toString(36);
    const vpa = await client.createVpa(session, {
      username: `${customer.vpaUser}.${suffix}`,
      acNum: customer.acNum,
      ifsc: customer.ifsc,
    });
    if (!account.pinSet)
      await client.setPin(session, {
        vpa: vpa.vpa,
        newPin: pin,
        cardLast6: customer.cardLast6,
        cardExpiry: customer.cardExpiry,
      });
    return { client, session, vpa: vpa.vpa };
  }),
);
console.log(`prepare: ${onboarded.length} payers onboarded`);

const payments: PlannedPayment[] = [];
for (let i = 0; i < paymentCount; i += 1) {
  const payer = onboarded[i % onboarded.length];
  const payee = onboarded[(i + 1 + (i % 5)) % onboarded.length];
  const { body, idempotencyKey } = await payer.client.paymentRequest(payer.session, {
    payerVpa: payer.vpa,
    payeeVpa: payee.vpa,
    amount: `${1 + (i % 9)}.00`,
    pin,
    note: 'load',
  });
  payments.push({
    pspUrl: payer.client.baseUrl,
    token: payer.session.token,
    deviceId: payer.session.deviceId,
    idempotencyKey,
    body,
  });
}
const dir = join(settings.runDir, 'load');
mkdirSync(dir, { recursive: true });
const file = join(dir, 'plan.json');
writeFileSync(file, JSON.stringify({ createdAt: new Date().toISOString(), payments } satisfies LoadPlan));
console.log(`prepare: ${payments.length} sealed payment requests in ${file}`);
