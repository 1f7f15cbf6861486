/**
 * The project's network as a system under test: the default network's shape (switch, two PSPs, two banks)
 * on the bench's own broker prefix, databases, ports and freshly generated keys — never the live `make up`
 * network — with load payers onboarded through the real flow. Each service listens for the V8 inspector
 * on a port of its own, for CPU profiles.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeys } from '@switchyard/contracts';
import {
  createDatabase,
  databaseUrl,
  dropDatabase,
  loadNetwork,
  participantsOf,
  type Network,
} from '@switchyard/infra';
import type { PaymentView } from '@switchyard/psp';
import type { LocalSettings } from '../config.ts';
import type { Onboarded } from '../demo/onboard.ts';
import { onboardLoadPayers, planPayments, type PlannedPayment } from '../load/prepareLoad.ts';
import { paymentRequestOf } from '../load/runLoad.ts';
import { deleteBrokerObjects } from '../network/deleteBrokerObjects.ts';
import { launchNetwork, serviceTuning, type LaunchedNetwork } from '../network/launchNetwork.ts';
import { ensureSecrets } from '../network/secrets.ts';
import { parsePrometheus, sum } from '../watch/liveStats.ts';
import { cleanUp, whenConnectionFree, type BenchTarget, type PlannedStep } from './benchTarget.ts';

export type ProjectOptions = {
  settings: LocalSettings;
  /** Names its prefix (`bn<run>.`), databases (`bench_<run>_…`) and folder (<run dir>/bench/<run>). */
  run: string;
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

/** The bench's network: the default shape renamed onto its own prefix, databases and ports. */
const benchNetwork = (base: Network, run: string, portBase: number): Network => {
  const rename = (database: string): string => `bench_${run}_${database.replace(/^sy_/, '')}`;
  return {
    prefix: `bn${run}.`,
    switch: { ...base.switch, httpPort: portBase, database: rename(base.switch.database) },
    psps: base.psps.map((p, i) => ({ ...p, httpPort: portBase + 1 + i, database: rename(p.database) })),
    banks: base.banks.map((b, i) => ({ ...b, httpPort: portBase + 5 + i, database: rename(b.database) })),
  };
};

/**
 * Creates the databases, starts every service and onboards the load payers.
 * @throws Error when a service does not become healthy or onboarding fails (everything made is removed)
 */
export const startProject = async (o: ProjectOptions): Promise<ProjectTarget> => {
  const network = benchNetwork(loadNetwork(o.settings.networkFile), o.run, o.portBase);
  const dir = join(o.settings.runDir, 'bench', o.run);
  const keysDir = join(dir, 'keys');
  mkdirSync(dir, { recursive: true });
  const networkFile = join(dir, 'network.json');
  writeFileSync(networkFile, JSON.stringify(network, null, 2));
  await generateKeys({ dir: keysDir, participants: participantsOf(network) });
  const entries = [network.switch, ...network.psps, ...network.banks];
  const inspectorPorts = new Map(entries.map((e, i) => [e.id, o.portBase + 20 + i]));
  let launched: LaunchedNetwork | undefined;
  const stop = (): Promise<void> =>
    cleanUp([
      async () => launched?.stop(),
      () => deleteBrokerObjects(o.settings.amqpUrl, network),
      ...(o.keep
        ? []
        : entries.map(
            (entry) => () => whenConnectionFree(() => dropDatabase(o.settings.postgresUrl, entry.database)),
          )),
      async () => (o.keep ? undefined : rmSync(dir, { recursive: true, force: true })),
    ]);
  let onboarded: Onboarded[];
  try {
    for (const entry of entries) await createDatabase(o.settings.postgresUrl, entry.database);
    launched = await launchNetwork({
      network,
      networkFile,
      postgresUrl: o.settings.postgresUrl,
      amqpUrl: o.settings.amqpUrl,
      keysDir,
      logsDir: join(dir, 'logs'),
      secrets: await ensureSecrets(keysDir),
      detached: false,
      env: { ...o.env, ...serviceTuning() },
      envFor: Object.fromEntries(
        [...inspectorPorts].map(([id, port]) => [
          id,
          { NODE_OPTIONS: `--disable-warning=ExperimentalWarning --inspect=127.0.0.1:${port}` },
        ]),
      ),
    });
    onboarded = await onboardLoadPayers({
      network,
      postgresUrl: o.settings.postgresUrl,
      payerCount: o.payerCount,
      pin: o.pin,
      urlOf: (psp) => launched!.byId(psp.id).url,
    });
  } catch (error) {
    await cleanUp([
      async () => launched?.stop(),
      () => deleteBrokerObjects(o.settings.amqpUrl, network),
      ...entries.map(
        (entry) => () => whenConnectionFree(() => dropDatabase(o.settings.postgresUrl, entry.database)),
      ),
    ]).catch(() => undefined);
    throw new Error(
      `the bench network did not start (logs: ${join(dir, 'logs')}): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const services = launched.services;
  const psps = network.psps.map((p) => launched.byId(p.id).url);
  let planned = 0;
  return {
    name: 'project',
    prefix: network.prefix,
    network,
    onboarded,
    databases: entries.map((e) => e.database),
    databaseUrlOf: (participant) =>
      databaseUrl(o.settings.postgresUrl, entries.find((e) => e.id === participant)!.database),
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
    stop,
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
