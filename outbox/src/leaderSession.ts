/**
 * Relay leadership (docs/guarantees.md §3): a session advisory lock on a dedicated pg.Client — never a
 * pooled slonik connection, whose release runs DISCARD ALL and drops session locks. The relay runs its
 * batches on the same session, so losing the connection loses leadership and the open claim together
 * (Postgres rolls it back). SKIP LOCKED keeps two overlapping leaders correct anyway.
 */
import pg from 'pg';
import type { Log } from '@switchyard/infra';

export type LeaderSession = { client: pg.Client; broken(): boolean; end(): Promise<void> };

/**
 * Opens a session and tries the lock once. Resolves undefined when another session holds it.
 * @throws the connection error when Postgres is unreachable
 */
export const tryLeaderSession = async (o: {
  connectionUri: string;
  lockName: string;
  log: Log;
  idleInTransactionTimeoutMs: number;
}): Promise<LeaderSession | undefined> => {
  const client = new pg.Client({ connectionString: o.connectionUri, application_name: o.lockName });
  let broken = false;
  // Without a listener a server-side termination would be an uncaught 'error' and kill the process.
  client.on('error', (error) => {
    broken = true;
    o.log.warn({ err: error }, 'leader session lost');
  });
  client.on('end', () => (broken = true));
  try {
    await client.connect();
    await client.query(
      `SET idle_in_transaction_session_timeout = ${Math.ceil(o.idleInTransactionTimeoutMs)}`,
    );
    await client.query('SET statement_timeout = 30000');
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [o.lockName],
    );
    if (rows[0]?.locked)
      return { client, broken: () => broken, end: () => client.end().catch(() => undefined) };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  await client.end().catch(() => undefined);
  return undefined;
};
