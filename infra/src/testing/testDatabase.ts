/**
 * A fresh, migrated database per test file (docs/architecture.md §7): the migrations run once into a template
 * named after a hash of their text; each test database is a cheap `CREATE DATABASE … TEMPLATE`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDatabase, databaseExists, databaseUrl, dropDatabase } from '../postgres/admin.ts';
import { createDb, type Db, type DbOptions } from '../postgres/db.ts';
import { migrate, type MigrationSource } from '../postgres/migrate.ts';
import { testSettings } from './config.ts';

export type TestDatabase = { name: string; url: string; db: Db; drop(): Promise<void> };

const templates = new Map<string, Promise<string>>();

const hashMigrations = async (sources: MigrationSource[]): Promise<string> => {
  const hash = createHash('sha256');
  for (const source of sources) {
    for (const file of (await readdir(source.dir)).sort()) {
      hash.update(source.name + '/' + file);
      hash.update(await readFile(join(source.dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 16);
};

const templateFor = (sources: MigrationSource[]): Promise<string> => {
  const key = JSON.stringify(sources);
  let pending = templates.get(key);
  if (!pending) {
    pending = (async () => {
      const base = testSettings().postgresUrl;
      const name = `sy_tpl_${await hashMigrations(sources)}`;
      if (!(await databaseExists(base, name))) {
        const building = `${name}_${randomBytes(3).toString('hex')}`;
        await createDatabase(base, building);
        await migrate(databaseUrl(base, building), sources);
        try {
          await createDatabase(base, name, building);
        } catch (error) {
          if ((error as { code?: string }).code !== '42P04') throw error;
        }
        await dropDatabase(base, building);
      }
      return name;
    })();
    templates.set(key, pending);
  }
  return pending;
};

/** Creates a migrated database for one test file; call drop() in `after`. */
export const createTestDatabase = async (
  sources: MigrationSource[],
  options: DbOptions = {},
): Promise<TestDatabase> => {
  const base = testSettings().postgresUrl;
  const template = await templateFor(sources);
  const name = `sy_t_${randomBytes(6).toString('hex')}`;
  await createDatabase(base, name, template);
  const url = databaseUrl(base, name);
  const db = await createDb(url, options);
  return {
    name,
    url,
    db,
    async drop() {
      await db.end();
      await dropDatabase(base, name);
    },
  };
};
