/**
 * A small migration runner: applies `NNN_name.sql` files from each directory in order, once, under an
 * advisory lock, recording them in `schema_migrations`. Plain SQL, forward only (tests use fresh databases).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

const LOCK_KEY = 7_236_001; // arbitrary, fixed: one migrator at a time per database

export type MigrationSource = { name: string; dir: string };

/** @throws the first failing migration's error; earlier ones stay applied, the failing one is rolled back. */
export const migrate = async (url: string, sources: MigrationSource[]): Promise<string[]> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(
      (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
    );
    for (const source of sources) {
      const files = (await readdir(source.dir)).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
      for (const file of files) {
        const id = `${source.name}/${file}`;
        if (done.has(id)) continue;
        const text = await readFile(join(source.dir, file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(text);
          await client.query('INSERT INTO schema_migrations (id) VALUES ($1)', [id]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`migration ${id} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(id);
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return applied;
};
