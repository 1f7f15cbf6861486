/**
 * The Postgres handle every service uses: a slonik pool plus a commit hook.
 *
 * - int8 parses to a JS number and throws beyond 2^53 (money is paise; the largest sum here is far below).
 * - timestamptz parses to a Date.
 * - No connection reset when a connection goes back to the pool: slonik's default runs `DISCARD ALL` on
 *   every release, a round trip per transaction that also throws away the per-connection settings
 *   (statement_timeout…). Nothing here leaves session state behind: every SET is `SET LOCAL`, and the only
 *   session-level advisory locks live on dedicated clients (migrate.ts, outbox leaderSession.ts).
 * - `transaction(fn)` runs slonik's transaction — REMEMBER: slonik re-runs `fn` on 40001/40P01, so `fn`
 *   must only issue SQL — and, once it has committed, calls every `onCommit` listener with the transaction
 *   that committed (the outbox relay wakes up on the commits that wrote outbox rows, without polling, and
 *   publishes what they wrote). A statement that failed inside `fn` aborts the transaction even if `fn`
 *   caught it: Postgres then answers COMMIT with ROLLBACK, which slonik does not report, so `transaction`
 *   throws TransactionRolledBackError instead of returning as if it had committed.
 * - Every statement runs as a named prepared statement (`preparedStatements`): Postgres parses and plans a
 *   statement text once per connection instead of on every call. Safe because nothing resets connections
 *   (above); the number of distinct texts is capped so a text built from a variable-length list cannot grow
 *   a connection's cache without end.
 */
import { createHash } from 'node:crypto';
import {
  createPool,
  createDateTypeParser,
  createIntervalTypeParser,
  createNumericTypeParser,
  createTimestampTypeParser,
  type DatabasePool,
  type DatabaseTransactionConnection,
  type CommonQueryMethods,
  type Interceptor,
} from 'slonik';

export type Tx = DatabaseTransactionConnection;
/** Anything that runs queries: the pool or a transaction. `db/` functions take this. */
export type Queryable = CommonQueryMethods;

export type Db = {
  readonly pool: DatabasePool;
  /** Runs `fn` in one transaction (re-run by slonik on serialization failure), then fires onCommit listeners. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Called after every commit with the transaction that committed (the outbox relay wakes on its own writes). */
  onCommit(listener: (committed: Tx) => void): () => void;
  end(): Promise<void>;
};

export type DbOptions = {
  poolSizeMax?: number;
  statementTimeoutMs?: number;
  connectionTimeoutMs?: number;
  transactionRetryLimit?: number;
  /** idle_in_transaction_session_timeout: a transaction left open longer is killed by Postgres. */
  idleInTransactionTimeoutMs?: number;
};

const safeInt8 = {
  name: 'int8',
  parse: (value: string): number => {
    const parsed = Number(value);
    if (!Number.isSafeInteger(parsed)) throw new RangeError(`int8 ${value} exceeds Number.MAX_SAFE_INTEGER`);
    return parsed;
  },
};
const timestamptzAsDate = { name: 'timestamptz', parse: (value: string): Date => new Date(value) };

/** A transaction whose callback caught a failed statement and returned: Postgres rolled it back at COMMIT. */
export class TransactionRolledBackError extends Error {
  override readonly name = 'TransactionRolledBackError';
}

/** The SQLSTATE of an error Postgres raised (slonik wraps it as `cause`); none for slonik's own (NotFoundError…). */
const sqlStateOf = (error: unknown): string | undefined => {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
};

/**
 * The transaction as `fn` sees it: every query method, and it notes the first statement Postgres refused
 * (which aborts the transaction). slonik's own errors (NotFoundError from `one`…) leave it usable: not noted.
 */
const watchFailures = (tx: Tx, onFailure: (error: unknown) => void): Tx =>
  new Proxy(tx, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const returned: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(returned instanceof Promise)) return returned;
        return returned.catch((error: unknown) => {
          if (sqlStateOf(error) !== undefined) onFailure(error);
          throw error;
        });
      };
    },
  });

/** At most this many distinct statement texts are prepared (per process, so per connection too). */
export const PREPARED_STATEMENTS_MAX = 1_000;

/**
 * Names every statement after its text (`sy_` + 16 hex of its SHA-1), so that pg prepares it once per
 * connection and then only binds and executes it. Texts beyond PREPARED_STATEMENTS_MAX run unnamed.
 */
export const preparedStatements = (max = PREPARED_STATEMENTS_MAX): Interceptor => {
  const names = new Map<string, string>();
  return {
    name: 'switchyard-prepared-statements',
    transformQuery: (_context, query) => {
      if (query.name !== undefined) return query;
      let name = names.get(query.sql);
      if (name === undefined) {
        if (names.size >= max) return query;
        name = `sy_${createHash('sha1').update(query.sql).digest('hex').slice(0, 16)}`;
        names.set(query.sql, name);
      }
      return { ...query, name };
    },
  };
};

/**
 * Opens a pool. Does not connect until the first query.
 * @throws InvalidConfigurationError (slonik) on a malformed URL.
 */
export const createDb = async (url: string, options: DbOptions = {}): Promise<Db> => {
  const pool = await createPool(url, {
    maximumPoolSize: options.poolSizeMax ?? 10,
    statementTimeout: options.statementTimeoutMs ?? 30_000,
    connectionTimeout: options.connectionTimeoutMs ?? 5_000,
    idleInTransactionSessionTimeout: options.idleInTransactionTimeoutMs ?? 60_000,
    transactionRetryLimit: options.transactionRetryLimit ?? 5,
    resetConnection: async () => {},
    interceptors: [preparedStatements()],
    typeParsers: [
      safeInt8,
      timestamptzAsDate,
      createDateTypeParser(),
      createIntervalTypeParser(),
      createNumericTypeParser(),
      createTimestampTypeParser(),
    ],
  });
  const listeners = new Set<(committed: Tx) => void>();
  return {
    pool,
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      let committed: Tx | undefined; // the last attempt's: slonik re-runs fn on a serialization failure
      let failed: unknown;
      const result = await pool.transaction((tx) => {
        failed = undefined;
        committed = watchFailures(tx, (error) => (failed ??= error));
        return fn(committed);
      });
      // A statement failed and fn went on (it caught the error): Postgres answered the COMMIT with a ROLLBACK,
      // so nothing was written. Say so instead of letting the caller (and the outbox relay) think it committed.
      if (failed !== undefined)
        throw new TransactionRolledBackError(
          'a statement failed inside the transaction: Postgres rolled it back',
          {
            cause: failed,
          },
        );
      for (const listener of listeners) listener(committed!);
      return result;
    },
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    end: () => pool.end(),
  };
};
