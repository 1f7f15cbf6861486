/** Database administration through the maintenance database: create, drop, clone from a template. */
import pg from 'pg';

const quoteIdent = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`unsafe database name: ${name}`);
  return `"${name}"`;
};

/** The URL of another database on the same server. */
export const databaseUrl = (baseUrl: string, database: string): string => {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const withAdmin = async <T>(baseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> => {
  const client = new pg.Client({ connectionString: databaseUrl(baseUrl, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
};

export const databaseExists = (baseUrl: string, name: string): Promise<boolean> =>
  withAdmin(
    baseUrl,
    async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1,
  );

export const createDatabase = async (baseUrl: string, name: string, template?: string): Promise<void> => {
  await withAdmin(baseUrl, async (c) => {
    await c.query(
      `CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ''}`,
    );
  });
};

export const ensureDatabase = async (baseUrl: string, name: string): Promise<boolean> => {
  if (await databaseExists(baseUrl, name)) return false;
  try {
    await createDatabase(baseUrl, name);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created concurrently
  }
  return true;
};

export const dropDatabase = async (baseUrl: string, name: string): Promise<void> => {
  await withAdmin(baseUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  });
};
