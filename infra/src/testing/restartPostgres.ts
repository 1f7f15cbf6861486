/**
 * Restarts the local Postgres cluster (every connection drops; committed data survives), keeps it down for
 * `downMs`, and waits until it accepts connections again. Needs pg_ctlcluster (Debian's postgresql-common)
 * on the box. Everyone on the shared server sees the outage: only the chaos run uses it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The cluster (version, name) listening on `port`, from `pg_lsclusters -h`. */
const clusterOn = async (port: number): Promise<[string, string]> => {
  const { stdout } = await run('pg_lsclusters', ['-h'], { timeout: 30_000 });
  const line = stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((fields) => fields[2] === String(port));
  if (!line) throw new Error(`no Postgres cluster on port ${port}`);
  return [line[0], line[1]];
};

/** Waits until `url` answers a query (at most `timeoutMs`). */
const waitForPostgres = async (url: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
};

/** @throws when the cluster cannot be found, stopped or started again within a minute */
export const restartPostgres = async (url: string, downMs = 0): Promise<void> => {
  const [version, name] = await clusterOn(Number(new URL(url).port || 5432));
  try {
    await run('pg_ctlcluster', [version, name, 'stop', '-m', 'fast'], { timeout: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, downMs));
  } finally {
    await run('pg_ctlcluster', [version, name, 'start'], { timeout: 60_000 });
    await waitForPostgres(url, 60_000);
  }
};
