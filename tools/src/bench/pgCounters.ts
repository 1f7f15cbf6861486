/**
 * What Postgres did for the system under test: statements (pg_stat_statements: every statement including
 * BEGIN, COMMIT and DISCARD ALL, since track_utility is on by default), commits (pg_stat_database
 * xact_commit, which also counts single-statement transactions that send no COMMIT), and which processes
 * are its share of the server (its databases' backends and the server's shared background processes).
 * Read through one plain `pg` connection to the server's maintenance database, so the bench's own queries
 * land in no database it measures.
 */
import pg from 'pg';
import { databaseUrl } from '@switchyard/infra';
import { parentPid, pidsByCommand } from './processCpu.ts';

/** One statement text: calls, rows and execution time (ms) — totals, or per payment once divided. */
export type StatementCount = { query: string; calls: number; execMs: number; rows: number };
export type PgCounters = {
  /** Statements since the last reset (pg_stat_statements). */
  statements: number;
  /** COMMIT statements since the last reset (pg_stat_statements): the explicit transactions that committed. */
  commitStatements: number;
  /** Every committed transaction so far, single statements included (pg_stat_database xact_commit). */
  xactCommits: number;
  rollbacks: number;
  top: StatementCount[];
};

export type PgProbe = {
  /** Forgets the statements counted so far in the measured databases. */
  reset(): Promise<void>;
  /** Statements since the last reset, commits and rollbacks so far (diff two readings for a window). */
  read(topCount?: number): Promise<PgCounters>;
  /** The server processes working for the measured databases (see the module comment). */
  pids(): Promise<number[]>;
  end(): Promise<void>;
};

/** True when the server has loaded pg_stat_statements (shared_preload_libraries; needs a restart to change). */
const pgStatStatementsLoaded = async (client: pg.Client): Promise<boolean> => {
  const { rows } = await client.query<{ libraries: string }>(
    "SELECT current_setting('shared_preload_libraries') AS libraries",
  );
  return rows[0].libraries.split(',').some((name) => name.trim() === 'pg_stat_statements');
};

/**
 * Creates the extension in `databases` and in the maintenance database the probe reads from.
 * @throws Error when the server has not loaded the library (make bootstrap does that once)
 */
export const openPgProbe = async (serverUrl: string, databases: readonly string[]): Promise<PgProbe> => {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  if (!(await pgStatStatementsLoaded(client))) {
    await client.end();
    throw new Error(
      'Postgres has not loaded pg_stat_statements: run make bootstrap (it enables it once and restarts Postgres)',
    );
  }
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  for (const database of databases) {
    const other = new pg.Client({ connectionString: databaseUrl(serverUrl, database) });
    await other.connect();
    await other.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').finally(() => other.end());
  }
  const names = [...databases];
  return {
    async reset() {
      await client.query(
        'SELECT pg_stat_statements_reset(0, oid, 0) FROM pg_database WHERE datname = ANY($1)',
        [names],
      );
    },
    async read(topCount = 0) {
      const totals = await client.query<{
        statements: string;
        commit_statements: string;
        commits: string;
        rollbacks: string;
      }>(
        `SELECT (SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                 WHERE d.datname = ANY($1)) AS statements,
                (SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                 WHERE d.datname = ANY($1) AND upper(s.query) IN ('COMMIT', 'END')) AS commit_statements,
                (SELECT coalesce(sum(xact_commit), 0) FROM pg_stat_database WHERE datname = ANY($1)) AS commits,
                (SELECT coalesce(sum(xact_rollback), 0) FROM pg_stat_database WHERE datname = ANY($1)) AS rollbacks`,
        [names],
      );
      const top = await client.query<{ query: string; calls: string; total_ms: number; rows: string }>(
        `SELECT s.query, sum(s.calls) AS calls, sum(s.total_exec_time) AS total_ms, sum(s.rows) AS rows
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         WHERE d.datname = ANY($1) GROUP BY s.query ORDER BY sum(s.calls) DESC, s.query LIMIT $2`,
        [names, topCount],
      );
      return {
        statements: Number(totals.rows[0].statements),
        commitStatements: Number(totals.rows[0].commit_statements),
        xactCommits: Number(totals.rows[0].commits),
        rollbacks: Number(totals.rows[0].rollbacks),
        top: top.rows.map((r) => ({
          query: r.query.replace(/\s+/g, ' ').trim(),
          calls: Number(r.calls),
          execMs: r.total_ms,
          rows: Number(r.rows),
        })),
      };
    },
    async pids() {
      const { rows } = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
         WHERE datname = ANY($1) OR (datname IS NULL AND backend_type <> 'client backend')`,
        [names],
      );
      const postgres = pidsByCommand('postgres');
      const postmaster = postgres.filter((pid) => !postgres.includes(parentPid(pid) ?? -1));
      return [...new Set([...rows.map((r) => r.pid), ...postmaster])];
    },
    end: () => client.end(),
  };
};
