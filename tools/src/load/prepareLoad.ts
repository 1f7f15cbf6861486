/**
 * Prepares a load run against the local network (`make up` first): seeds load customers into the banks,
 * onboards them at the PSPs (register, discover, VPA, PIN through the real flow) and pre-builds N payment
 * requests — each with its own txn id, idempotency key and creds sealed for that txn id and amount, as an
 * app would — into .run/load/plan.json. k6 (k6/payments.js) and the constant-rate runner (runLoad.ts) both
 * replay that plan, so the scenario is the same whichever runner you have.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Network } from '@switchyard/infra';
import { appClients } from '../demo/appClients.ts';
import type { DemoCustomer } from '../demo/demoCustomers.ts';
import { onboard, type Onboarded } from '../demo/onboard.ts';
import { seedBanks } from '../demo/seedBanks.ts';
import type { LocalSettings } from '../config.ts';
import { serviceUrl } from '../network/serviceUrl.ts';

export type PlannedPayment = {
  pspUrl: string;
  token: string;
  deviceId: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
};
export type LoadPlan = { createdAt: string; payments: PlannedPayment[] };

export type PrepareLoadOptions = {
  settings: LocalSettings;
  network: Network;
  paymentCount: number;
  payerCount: number;
  /** The load payers' UPI PIN. */
  pin: string;
};

/** Where the plan goes: <run dir>/load/plan.json. */
export const loadPlanFile = (runDir: string): string => join(runDir, 'load', 'plan.json');

/** `count` load payers spread over the network's banks and PSPs, each with ₹1 crore. */
const loadCustomers = (network: Network, count: number): DemoCustomer[] =>
  Array.from({ length: count }, (_, i) => {
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

/** What onboarding the load payers needs: the network, its Postgres server (to seed the banks), the PIN. */
export type LoadPayersOptions = {
  network: Network;
  postgresUrl: string;
  payerCount: number;
  pin: string;
  /** The base URL of a PSP (default: serviceUrl of its port in the network file). */
  urlOf?: (psp: Network['psps'][number]) => string;
};

/** Seeds `payerCount` load payers into the banks and onboards them at their PSPs (real flow). */
export const onboardLoadPayers = async (options: LoadPayersOptions): Promise<Onboarded[]> => {
  const { network, pin } = options;
  const customers = loadCustomers(network, options.payerCount);
  await seedBanks({ network, postgresUrl: options.postgresUrl, customers });
  const clients = appClients(network.psps, options.urlOf ?? ((p) => serviceUrl(p.id, p.httpPort)));
  const suffix = Date.now().toString(36); // a fresh VPA per run: earlier runs' VPAs stay taken
  return Promise.all(
    customers.map((customer) =>
      onboard(clients.get(customer.psp)!, customer, { pin, vpaUser: `${customer.vpaUser}.${suffix}` }),
    ),
  );
};

const askedAgainOn5xx = async <T>(ask: () => Promise<T>, attempts = 3): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ask();
    } catch (error) {
      const status = (error as { status?: number }).status ?? 0;
      if (status < 500 || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
};

/**
 * `count` payment requests between the payers, each with its own txn id, idempotency key and creds sealed
 * for that txn id and amount. Payer i pays payer i + 1 + (i mod 5) an amount of ₹1–₹9 (`offset` shifts i,
 * so successive plans do not repeat the same pairs). Built a few at a time: each asks the PSP for the VPA,
 * and a PSP that fails that question (5xx: a busy server out of connections) is asked again, up to three
 * times — this is preparation, before anything is measured; the requests themselves are never retried.
 */
export const planPayments = async (
  onboarded: readonly Onboarded[],
  count: number,
  pin: string,
  offset = 0,
): Promise<PlannedPayment[]> => {
  const payments: PlannedPayment[] = [];
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, async (_, k) => {
      const i = offset + start + k;
      const payer = onboarded[i % onboarded.length];
      const payee = onboarded[(i + 1 + (i % 5)) % onboarded.length];
      const { body, idempotencyKey } = await askedAgainOn5xx(() =>
        payer.client.paymentRequest(payer.session, {
          payerVpa: payer.vpa,
          payeeVpa: payee.vpa,
          amount: `${1 + (i % 9)}.00`,
          pin,
          note: 'load',
        }),
      );
      return {
        pspUrl: payer.client.baseUrl,
        token: payer.session.token,
        deviceId: payer.session.deviceId,
        idempotencyKey,
        body,
      };
    });
    payments.push(...(await Promise.all(batch)));
  }
  return payments;
};

/** Seeds, onboards and writes the plan. @returns the plan file */
export const prepareLoad = async (options: PrepareLoadOptions): Promise<string> => {
  const { settings, network, pin } = options;
  const onboarded = await onboardLoadPayers({
    network,
    postgresUrl: settings.postgresUrl,
    payerCount: options.payerCount,
    pin,
  });
  console.log(`prepare: ${onboarded.length} payers onboarded`);
  const payments = await planPayments(onboarded, options.paymentCount, pin);
  const file = loadPlanFile(settings.runDir);
  mkdirSync(join(settings.runDir, 'load'), { recursive: true });
  writeFileSync(file, JSON.stringify({ createdAt: new Date().toISOString(), payments } satisfies LoadPlan));
  console.log(`prepare: ${payments.length} sealed payment requests in ${file}`);
  return file;
};
