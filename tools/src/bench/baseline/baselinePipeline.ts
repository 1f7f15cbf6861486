/**
 * Starts the bare pipeline (baselineParticipant.ts) as a system under test: its three databases, its three
 * quorum queues on its own prefix, and the three processes; stop() removes all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openSync, closeSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import pg from 'pg';
import { createDatabase, databaseUrl, dropDatabase } from '@switchyard/infra';
import { toolSettings } from '../../config.ts';
import { cleanUp, whenConnectionFree, type BenchTarget, type PlannedStep } from '../benchTarget.ts';
import type { ParticipantOptions } from './baselineParticipant.ts';
import { baselineSchema, type BaselineRole } from './baselineSchema.ts';

export type BaselineOptions = {
  postgresUrl: string;
  amqpUrl: string;
  /** Names its databases (`bench_<run>_bl_<role>`) and queues (`bl<run>.<role>`). */
  run: string;
  httpPort: number;
  logsDir: string;
  /** Postgres connections per process (16: PERFORMANCE's 16 clients). */
  poolSizeMax?: number;
  /** Unacknowledged deliveries per consumer (64 in flight: its ceiling variant). */
  prefetch?: number;
};

const ROLES: BaselineRole[] = ['psp', 'switch', 'bank'];
const PARTICIPANT = fileURLToPath(new URL('./baselineParticipant.ts', import.meta.url));

/** Declares the pipeline's quorum queues. */
const assertQueues = async (amqpUrl: string, names: readonly string[]): Promise<void> => {
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const name of names)
      await channel.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  } finally {
    await connection.close().catch(() => undefined);
  }
};

/** Deletes the pipeline's queues (on a fresh connection: the broker may have restarted meanwhile). */
const deleteQueues = async (amqpUrl: string, names: readonly string[]): Promise<void> => {
  const connection = await amqp.connect(amqpUrl);
  try {
    for (const name of names) {
      const channel = await connection.createChannel();
      await channel.deleteQueue(name).catch(() => undefined); // a failed delete closes the channel
    }
  } finally {
    await connection.close().catch(() => undefined);
  }
};

/** SIGTERM, then SIGKILL after 10 s; resolves once the process has exited. */
const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });

const startParticipant = (options: ParticipantOptions, logFile: string): Promise<ChildProcess> => {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, [PARTICIPANT, JSON.stringify(options)], {
    env: { ...toolSettings().inherited, NODE_OPTIONS: '--disable-warning=ExperimentalWarning' },
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`baseline ${options.role} not ready in 30 s: ${logFile}`)),
      30_000,
    );
    child.once('exit', (code) =>
      reject(new Error(`baseline ${options.role} exited with ${code}: ${logFile}`)),
    );
    child.stdout!.on('data', (data: Buffer) => {
      if (!data.toString().includes('ready')) return;
      clearTimeout(timer);
      child.stdout!.resume();
      resolve(child);
    });
  });
};

/**
 * Creates everything and starts the processes.
 * @throws Error when a database, queue or process cannot be set up (what was made is removed again)
 */
export const startBaseline = async (o: BaselineOptions): Promise<BenchTarget> => {
  const databaseOf = (role: BaselineRole): string => `bench_${o.run}_bl_${role}`;
  const queuePrefix = `bl${o.run}.`;
  const databases = ROLES.map(databaseOf);
  const children = new Map<BaselineRole, ChildProcess>();
  const pspDb = new pg.Client({ connectionString: databaseUrl(o.postgresUrl, databaseOf('psp')) });

  const stop = (): Promise<void> =>
    cleanUp([
      () => Promise.all([...children.values()].map(stopChild)),
      () => pspDb.end(),
      () =>
        deleteQueues(
          o.amqpUrl,
          ROLES.map((role) => `${queuePrefix}${role}`),
        ),
      ...databases.map((database) => () => whenConnectionFree(() => dropDatabase(o.postgresUrl, database))),
    ]);
  try {
    mkdirSync(o.logsDir, { recursive: true });
    for (const role of ROLES) {
      await createDatabase(o.postgresUrl, databaseOf(role));
      const client = new pg.Client({ connectionString: databaseUrl(o.postgresUrl, databaseOf(role)) });
      await client.connect();
      await client.query(baselineSchema(role)).finally(() => client.end());
    }
    await assertQueues(
      o.amqpUrl,
      ROLES.map((role) => `${queuePrefix}${role}`),
    );
    await pspDb.connect();
    for (const role of ROLES) {
      const options: ParticipantOptions = {
        role,
        databaseUrl: databaseUrl(o.postgresUrl, databaseOf(role)),
        amqpUrl: o.amqpUrl,
        queuePrefix,
        httpPort: role === 'psp' ? o.httpPort : undefined,
        poolSizeMax: o.poolSizeMax ?? 16,
        prefetch: o.prefetch ?? 64,
      };
      children.set(role, await startParticipant(options, join(o.logsDir, `baseline.${role}.log`)));
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const base = `http://127.0.0.1:${o.httpPort}`;
  return {
    name: 'baseline',
    prefix: queuePrefix,
    databases,
    processes: () => new Map([...children].map(([role, child]) => [`baseline.${role}`, [child.pid!]])),
    metricsUrls: [],
    inspectorPorts: new Map(),
    async plan(count): Promise<PlannedStep> {
      const ids = Array.from({ length: count }, () => randomUUID());
      return {
        requests: ids.map((id, i) => ({
          url: `${base}/payments`,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ id, amountMinor: 100 * (1 + (i % 9)) }),
        })),
        async collect(accepted) {
          const { rows } = await pspDb.query<{ status: string; created_ms: number; final_ms: number | null }>(
            `SELECT status, extract(epoch FROM created_at) * 1000 AS created_ms,
                    extract(epoch FROM final_at) * 1000 AS final_ms
             FROM payments WHERE id = ANY($1)`,
            [accepted.map((index) => ids[index])],
          );
          const created = rows.map((r) => Number(r.created_ms));
          const missing = accepted.length - rows.length; // accepted, yet never stored: never finished
          return {
            firstAcceptedAtMs: created.length > 0 ? Math.min(...created) : undefined,
            outcomes: [
              ...rows.map((r) => ({
                status: r.final_ms === null ? 'PENDING' : r.status,
                latencyMs: r.final_ms === null ? undefined : Number(r.final_ms) - Number(r.created_ms),
                finalAtMs: r.final_ms === null ? undefined : Number(r.final_ms),
              })),
              ...Array.from({ length: missing }, () => ({ status: 'MISSING', latencyMs: undefined })),
            ],
          };
        },
      };
    },
    async inFlight() {
      const answer = (await (await fetch(`${base}/in-flight`)).json()) as { inFlight: number };
      return answer.inFlight;
    },
    stop,
  };
};
