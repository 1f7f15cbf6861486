/**
 * Prepares a load scenario against the local network (`make up` first): seeds its customers into the banks,
 * onboards them at the PSPs (register, discover, VPA, PIN — the real flow) and pre-builds one payment
 * request per iteration the scenario starts, each with its own txn id, idempotency key and creds sealed for
 * that txn id and amount, as an app would — into .run/load/<scenario>.plan.json (this user's only: it holds
 * the payers' session tokens and the operator keys of the services its failure-injection rules go to). k6 (k6/<scenario>.js) and
 * the local runner (runScenario.ts) both replay that plan, so the scenario is the same whichever runs it.
 *
 * The plan's shape comes from k6/scenarios.json: the number of payers, a share of them banking with one
 * bank (skew), and the share of payments meant to end in each business decline (mix): a wrong PIN (never
 * twice in a row for one payer, so no PIN locks), an unfunded payer (Z9), a frozen payee (YF, reversed).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectPhoneNetwork } from '@switchyard/app';
import type { Network } from '@switchyard/infra';
import { appClients } from '../demo/appClients.ts';
import type { DemoCustomer } from '../demo/demoCustomers.ts';
import { onboard, type Onboarded } from '../demo/onboard.ts';
import { seedBanks } from '../demo/seedBanks.ts';
import type { LocalSettings } from '../config.ts';
import { operatorKeyOf } from '../network/secrets.ts';
import { serviceUrl } from '../network/serviceUrl.ts';
import type { PlanShape, ScenarioFault } from './scenarios.ts';

type PaymentKind = 'ok' | 'wrongPin' | 'insufficientFunds' | 'frozenPayee';

export type PlannedPayment = {
  kind: PaymentKind;
  txnId: string;
  pspUrl: string;
  token: string;
  deviceId: string;
  idempotencyKey: string;
  body: Record<string, unknown>;
};
/** A failure-injection rule with the address and operator key of the service it goes to. */
type PlannedFault = ScenarioFault & { url: string; operatorKey: string };
export type LoadPlan = {
  createdAt: string;
  scenario: string;
  payments: PlannedPayment[];
  faults: PlannedFault[];
};

export type PrepareLoadOptions = {
  settings: LocalSettings;
  network: Network;
  scenario: string;
  /** Distinguishes this scenario's customers (mobiles, accounts) from the other scenarios'. */
  scenarioIndex: number;
  shape: PlanShape;
  faults: readonly ScenarioFault[];
  paymentCount: number;
  /** The load payers' UPI PIN. */
  pin: string;
};

/** Where a scenario's plan goes: <run dir>/load/<scenario>.plan.json. */
export const loadPlanFile = (runDir: string, scenario: string): string =>
  join(runDir, 'load', `${scenario}.plan.json`);

const customerAt = (
  network: Network,
  n: number,
  bankIndex: number,
  extra: Partial<DemoCustomer>,
): DemoCustomer => {
  const bank = network.banks[bankIndex];
  const psp = network.psps[n % network.psps.length];
  const id = String(n).padStart(4, '0');
  return {
    name: `Load Payer ${id}`,
    mobile: `96000${id.padStart(5, '0')}`,
    bank: bank.id,
    acNum: `9${bankIndex}00000${id}`,
    ifsc: `${bank.ifscPrefix}0000900`,
    balanceMinor: 1_000_000_000,
    cardLast6: '900900',
    cardExpiry: '1230',
    status: 'ACTIVE',
    psp: psp.id,
    vpaUser: `loadpayer${id}`,
    ...extra,
  };
};

/** The scenario's customers: payers (skewed to one bank if asked), unfunded payers, a frozen payee. */
const loadCustomers = (network: Network, shape: PlanShape, base: number) => {
  const skewBank = shape.skew ? network.banks.findIndex((b) => b.id === shape.skew!.bank) : -1;
  if (shape.skew && skewBank < 0) throw new Error(`skew: no bank ${shape.skew.bank}`);
  const skewed = shape.skew ? Math.round(shape.skew.payerShare * shape.payers) : 0;
  const others = network.banks.map((_, i) => i).filter((i) => i !== skewBank);
  const payers = Array.from({ length: shape.payers }, (_, i) =>
    customerAt(network, base + i, i < skewed ? skewBank : others[i % others.length], {}),
  );
  const unfunded = (shape.mix?.insufficientFunds ?? 0) > 0 ? [0, 1] : [];
  const poor = unfunded.map((i) =>
    customerAt(network, base + 90 + i, i % network.banks.length, {
      balanceMinor: 50,
      name: `Load Poor ${i}`,
    }),
  );
  const frozen =
    (shape.mix?.frozenPayee ?? 0) > 0
      ? [customerAt(network, base + 95, 0, { status: 'FROZEN', name: 'Load Frozen' })]
      : [];
  return { payers, poor, frozen };
};

/** `count` load payers (as a scenario without skew or mix has them), for the bench's own network. */
export const loadPayers = (network: Network, count: number): DemoCustomer[] =>
  loadCustomers(network, { payers: count }, 0).payers;

/** A deterministic generator (mulberry32): the same plan shape gives the same mix of kinds. */
const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** Which kind payment i is, given the payer's previous kind (a wrong PIN is never repeated in a row). */
const kindFor = (draw: number, shape: PlanShape, previous: PaymentKind | undefined): PaymentKind => {
  const mix = shape.mix;
  if (!mix) return 'ok';
  if (draw < mix.wrongPin) return previous === 'wrongPin' ? 'ok' : 'wrongPin';
  if (draw < mix.wrongPin + mix.insufficientFunds) return 'insufficientFunds';
  if (draw < mix.wrongPin + mix.insufficientFunds + mix.frozenPayee) return 'frozenPayee';
  return 'ok';
};

const wrongPinFor = (pin: string): string => (pin === '0000' ? '1111' : '0000');

/** Seeds, onboards and writes the plan. @returns the plan file */
export const prepareLoad = async (o: PrepareLoadOptions): Promise<string> => {
  const { settings, network, pin, shape } = o;
  const { payers, poor, frozen } = loadCustomers(network, shape, 100 * o.scenarioIndex);
  await seedBanks({ network, postgresUrl: settings.postgresUrl, customers: [...payers, ...poor, ...frozen] });
  const clients = appClients(network.psps, (p) => serviceUrl(p.id, p.httpPort));
  const suffix = Date.now().toString(36); // a fresh VPA per run: earlier runs' VPAs stay taken
  const phones = await connectPhoneNetwork({ amqpUrl: settings.amqpUrl, prefix: network.prefix });
  const enrol = (customers: DemoCustomer[]): Promise<Onboarded[]> =>
    Promise.all(
      customers.map((c) =>
        onboard(clients.get(c.psp)!, c, { phones, pin, vpaUser: `${c.vpaUser}.${suffix}` }),
      ),
    );
  const [onboarded, unfunded, frozenPayees] = await (async () => [
    await enrol(payers),
    await enrol(poor),
    await enrol(frozen),
  ])().finally(() => phones.close());
  console.log(
    `prepare ${o.scenario}: ${onboarded.length + unfunded.length + frozenPayees.length} customers onboarded`,
  );

  const random = seededRandom(o.scenarioIndex + 1);
  const previous = new Map<string, PaymentKind>();
  const payments: PlannedPayment[] = [];
  for (let i = 0; i < o.paymentCount; i += 1) {
    const normal = onboarded[i % onboarded.length];
    const kind = kindFor(random(), shape, previous.get(normal.vpa));
    const payer = kind === 'insufficientFunds' ? unfunded[i % unfunded.length] : normal;
    const payee = kind === 'frozenPayee' ? frozenPayees[0] : onboarded[(i + 1 + (i % 5)) % onboarded.length];
    previous.set(payer.vpa, kind);
    const { body, idempotencyKey } = await payer.client.paymentRequest(payer.session, {
      payerVpa: payer.vpa,
      payeeVpa: payee.vpa,
      amount: `${1 + (i % 9)}.00`,
      pin: kind === 'wrongPin' ? wrongPinFor(pin) : pin,
      note: `load ${o.scenario}`,
    });
    payments.push({
      kind,
      txnId: String(body.txnId),
      pspUrl: payer.client.baseUrl,
      token: payer.session.token,
      deviceId: payer.session.deviceId,
      idempotencyKey,
      body,
    });
  }
  const byId = new Map([network.switch, ...network.psps, ...network.banks].map((e) => [e.id, e.httpPort]));
  const faults = o.faults.map((f) => ({
    ...f,
    url: serviceUrl(f.participant, byId.get(f.participant)!),
    operatorKey: operatorKeyOf(settings.keysDir, f.participant),
  }));
  const file = loadPlanFile(settings.runDir, o.scenario);
  mkdirSync(join(settings.runDir, 'load'), { recursive: true });
  const plan: LoadPlan = { createdAt: new Date().toISOString(), scenario: o.scenario, payments, faults };
  // Session tokens and operator keys: readable by this user only, like .keys/.
  writeFileSync(file, JSON.stringify(plan), { mode: 0o600 });
  console.log(`prepare ${o.scenario}: ${payments.length} sealed payment requests in ${file}`);
  return file;
};
