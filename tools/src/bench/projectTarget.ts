/**
 * The project's network as a system under test: an isolated network (tools/src/network/isolatedNetwork.ts:
 * the default shape on the bench's own broker prefix, users, databases, ports and freshly generated keys —
 * never the live `make up` network) with load payers seeded and onboarded through the real flow. Each
 * service listens for the V8 inspector on a port of its own, for CPU profiles.
 */
import { loadNetwork, type Network } from '@switchyard/infra';
import type { PaymentView } from '@switchyard/psp';
import type { LocalSettings } from '../config.ts';
import { onboard, type Onboarded } from '../demo/onboard.ts';
import { loadPayers, type PlannedPayment } from '../load/prepareLoad.ts';
import { startIsolatedNetwork } from '../network/isolatedNetwork.ts';
import { serviceTuning } from '../network/launchNetwork.ts';
import { parsePrometheus, sum } from '../watch/liveStats.ts';
import { paymentRequestOf, planPayments } from './benchPayments.ts';
import type { BenchTarget, PlannedStep } from './benchTarget.ts';

export type ProjectOptions = {
  settings: LocalSettings;
  /** Switch on portBase, PSPs from portBase + 1, banks from portBase + 5, inspectors from portBase + 20. */
  portBase: number;
  payerCount: number;
  pin: string;
  /** Keep the databases, logs and keys after stop() (for a look afterwards). */
  keep: boolean;
  /** Service settings over the defaults (the caller's SY_* environment still wins). */
  env?: Record<string, string>;
};

export type ProjectTarget = BenchTarget & {
  network: Network;
  onboarded: Onboarded[];
  databaseUrlOf(participant: string): string;
};

/**
 * Starts the network (databases, broker users, every service) and onboards the load payers.
 * @throws Error when a service does not become healthy or onboarding fails (everything made is removed)
 */
export const startProject = async (o: ProjectOptions): Promise<ProjectTarget> => {
  const ids = (network: Network) => [network.switch, ...network.psps, ...network.banks].map((e) => e.id);
  const shape = loadNetwork(o.settings.networkFile);
  const inspectorPorts = new Map(ids(shape).map((id, i) => [id, o.portBase + 20 + i]));
  const net = await startIsolatedNetwork({
    postgresUrl: o.settings.postgresUrl,
    amqpUrl: o.settings.amqpUrl,
    managementUrl: o.settings.managementUrl,
    label: 'bench',
    portOffset: o.portBase,
    keepFiles: o.keep,
    keepDatabases: o.keep,
    customers: loadPayers(shape, o.payerCount),
    env: { ...o.env, ...serviceTuning() },
    envFor: Object.fromEntries(
      [...inspectorPorts].map(([id, port]) => [
        id,
        { NODE_OPTIONS: `--disable-warning=ExperimentalWarning --inspect=127.0.0.1:${port}` },
      ]),
    ),
  });
  let onboarded: Onboarded[];
  try {
    const suffix = Date.now().toString(36);
    onboarded = await Promise.all(
      net.customers.map((customer) =>
        onboard(net.clients.get(customer.psp)!, customer, {
          phones: net.phones,
          pin: o.pin,
          vpaUser: `${customer.vpaUser}.${suffix}`,
        }),
      ),
    );
  } catch (error) {
    await net.stop().catch(() => undefined);
    throw new Error(
      `the bench network did not onboard its payers (logs: ${net.dir}/logs): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const { network } = net;
  const services = net.launched.services;
  const psps = network.psps.map((p) => net.urlOf(p.id));
  let planned = 0;
  return {
    name: 'project',
    prefix: network.prefix,
    network,
    onboarded,
    databases: [network.switch, ...network.psps, ...network.banks].map((e) => e.database),
    databaseUrlOf: (participant) => net.databaseUrlOf(participant),
    processes: () => new Map(services.map((s) => [s.id, [s.pid]])),
    metricsUrls: services.map((s) => `${s.url}/metrics`),
    inspectorPorts,
    async plan(count): Promise<PlannedStep> {
      const payments = await planPayments(onboarded, count, o.pin, planned);
      planned += count;
      return {
        requests: payments.map(paymentRequestOf),
        collect: (accepted) => collectPayments(accepted.map((index) => payments[index])),
      };
    },
    async inFlight() {
      const texts = await Promise.all(psps.map(async (url) => (await fetch(`${url}/metrics`)).text()));
      return sum(texts.flatMap(parsePrometheus), 'psp_payments_in_flight');
    },
    stop: () => net.stop(),
  };
};

/**
 * A payment's view at its payer's PSP; undefined when the PSP does not know it (404). A read the PSP
 * fails (5xx, a refused connection: a busy box) is asked again, up to five times a second apart — this
 * reads results after the window closed — then the payment counts as UNREAD.
 */
const viewOf = async (p: PlannedPayment): Promise<PaymentView | 'UNREAD' | undefined> => {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    try {
      const response = await fetch(`${p.pspUrl}/v1/payments/${String(p.body.txnId)}`, {
        headers: { authorization: `Bearer ${p.token}`, 'x-device-id': p.deviceId },
      });
      if (response.ok) return (await response.json()) as PaymentView;
      if (response.status === 404) return undefined;
    } catch {
      /* asked again below */
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return 'UNREAD';
};

/** Each payment's final status and latency (createdAt → finalAt, the PSP's stamps). */
const collectPayments = async (payments: readonly PlannedPayment[]): ReturnType<PlannedStep['collect']> => {
  const views: Array<PaymentView | 'UNREAD' | undefined> = [];
  for (let i = 0; i < payments.length; i += 50)
    views.push(...(await Promise.all(payments.slice(i, i + 50).map(viewOf))));
  const created = views.flatMap((v) => (v && v !== 'UNREAD' ? [Date.parse(v.createdAt)] : []));
  return {
    firstAcceptedAtMs: created.length > 0 ? Math.min(...created) : undefined,
    outcomes: views.map((v) => {
      if (v === 'UNREAD') return { status: 'UNREAD', latencyMs: undefined };
      if (!v?.finalAt) return { status: v?.status ?? 'MISSING', latencyMs: undefined };
      const finalAtMs = Date.parse(v.finalAt);
      return { status: v.status, latencyMs: finalAtMs - Date.parse(v.createdAt), finalAtMs };
    }),
  };
};
