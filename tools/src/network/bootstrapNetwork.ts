/**
 * Makes this machine ready to run Switchyard, idempotently:
 *  1. PostgreSQL and RabbitMQ answer (starts local ones that are installed but stopped; otherwise says
 *     exactly what to run);
 *  2. the RabbitMQ management UI and Prometheus plugins are enabled where rabbitmq-plugins exists, and a
 *     local Postgres loads pg_stat_statements (make bench counts statements with it; loading a library
 *     needs a restart, done once, the first time) and runs autovacuum (the outbox's tables churn: without
 *     it their dead rows pile up and every service slows down under load; a reload turns it on);
 *  3. keys for every participant exist in .keys/, each participant's in its own folder with its own setup
 *     secrets (operator key, broker password, a bank's PIN pepper), and the read-only monitoring login's;
 *  4. the broker is set up with the admin login (brokerSetup.ts): the topology declared (the services only
 *     check it), one least-privilege user per participant, the monitoring login, max_message_size;
 *  5. one database per service instance exists, migrated (outbox tables + the role's own; each service
 *     also migrates on start, so a newer checkout never runs against an old schema).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import amqp from 'amqplib';
import pg from 'pg';
import { bankMigrations } from '@switchyard/bank';
import { outboxMigrations } from '@switchyard/outbox';
import { pspMigrations } from '@switchyard/psp';
import { switchMigrations } from '@switchyard/switch';
import { generateKeys } from '@switchyard/contracts';
import {
  databaseUrl,
  ensureDatabase,
  loadNetwork,
  migrate,
  monitoringUserName,
  participantsOf,
  type MigrationSource,
} from '@switchyard/infra';
import type { LocalSettings } from '../config.ts';
import { setUpBroker } from './brokerSetup.ts';
import { ensureSecrets } from './secrets.ts';

type Say = (line: string) => void;

const portOpen = (port: number, host = '127.0.0.1'): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const has = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const waitForPort = async (port: number, seconds: number, host = '127.0.0.1'): Promise<boolean> => {
  for (let i = 0; i < seconds * 2; i += 1) {
    if (await portOpen(port, host)) return true;
    await sleep(500);
  }
  return false;
};

const ensurePostgres = async (settings: LocalSettings, say: Say): Promise<void> => {
  const { hostname: host, port: portText } = new URL(settings.postgresUrl);
  const port = Number(portText || 5432);
  if (await portOpen(port, host)) return say(`PostgreSQL answers on ${host}:${port}`);
  const local = host === '127.0.0.1' || host === 'localhost';
  if (local && has('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    const version = readdirSync('/etc/postgresql')[0];
    say(`starting PostgreSQL ${version}`);
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
      stdio: 'inherit',
    });
    if (await waitForPort(port, 30, host)) return;
  }
  throw new Error(
    `PostgreSQL is not reachable at ${settings.postgresUrl}. Start it (Debian: ` +
      `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start; Docker: docker compose up -d postgres) ` +
      `or set SY_POSTGRES_URL.`,
  );
};

/**
 * A broker can accept TCP and still never finish the AMQP handshake (seen here after overlapping restarts
 * left hundreds of quorum queues recovering): say so instead of letting every service hang.
 */
const amqpHandshake = async (settings: LocalSettings): Promise<void> => {
  const timeoutMs = 15_000;
  const attempt = amqp.connect(settings.amqpUrl).then((connection) => connection.close());
  const timedOut = new Promise<never>((_, reject) =>
    setTimeout(
      () =>
        reject(
          new Error(
            `RabbitMQ accepts connections on ${settings.amqpUrl} but did not complete the AMQP handshake within ${timeoutMs} ms. ` +
              'Check /var/log/rabbitmq; restarting it (rabbitmqctl stop; rabbitmq-server -detached) usually clears it.',
          ),
        ),
      timeoutMs,
    ).unref(),
  );
  await Promise.race([attempt, timedOut]);
};

const ensureRabbit = async (settings: LocalSettings, say: Say): Promise<void> => {
  const { hostname: host, port: portText } = new URL(settings.amqpUrl);
  const port = Number(portText || 5672);
  if (!(await portOpen(port, host))) {
    if (!has('rabbitmq-server') || !(host === '127.0.0.1' || host === 'localhost')) {
      throw new Error(
        `RabbitMQ is not reachable at ${settings.amqpUrl}. Start it (Debian: rabbitmq-server -detached; ` +
          `Docker: docker compose up -d rabbitmq) or set SY_AMQP_URL.`,
      );
    }
    say('starting RabbitMQ');
    execFileSync('rabbitmq-server', ['-detached'], { stdio: 'inherit' });
    if (!(await waitForPort(port, 60, host)))
      throw new Error('RabbitMQ did not start within 60 s: see /var/log/rabbitmq');
  }
  await amqpHandshake(settings);
  say(`RabbitMQ answers on ${host}:${port}`);
  if (has('rabbitmq-plugins')) {
    const listed = spawnSync('rabbitmq-plugins', ['list', '-e', '-m'], { encoding: 'utf8' }).stdout ?? '';
    const wanted = ['rabbitmq_management', 'rabbitmq_prometheus'].filter((p) => !listed.includes(p));
    if (wanted.length > 0) {
      const result = spawnSync('rabbitmq-plugins', ['enable', ...wanted], { encoding: 'utf8' });
      say(
        result.status === 0
          ? `enabled ${wanted.join(', ')}`
          : `could not enable ${wanted.join(', ')}: ${result.stderr.trim()}`,
      );
    }
  }
};

/**
 * pg_stat_statements must be in shared_preload_libraries, which only a restart applies: on a local
 * Debian cluster bootstrap adds it once and restarts Postgres (saying so); elsewhere it says what to set.
 */
const ensurePgStatStatements = async (settings: LocalSettings, say: Say): Promise<void> => {
  const client = new pg.Client({ connectionString: settings.postgresUrl });
  await client.connect();
  let libraries: string[];
  try {
    const { rows } = await client.query<{ value: string }>(
      "SELECT current_setting('shared_preload_libraries') AS value",
    );
    libraries = rows[0].value
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (libraries.includes('pg_stat_statements')) return say('Postgres loads pg_stat_statements');
    const { hostname: host } = new URL(settings.postgresUrl);
    const local = host === '127.0.0.1' || host === 'localhost';
    if (!local || !has('pg_ctlcluster') || !existsSync('/etc/postgresql')) {
      return say(
        'Postgres does not load pg_stat_statements (make bench needs it): set shared_preload_libraries = ' +
          "'pg_stat_statements' and restart it (docker-compose.yml does)",
      );
    }
    const wanted = [...libraries, 'pg_stat_statements'].join(',');
    await client.query(`ALTER SYSTEM SET shared_preload_libraries = '${wanted}'`);
  } finally {
    await client.end();
  }
  const version = readdirSync('/etc/postgresql')[0];
  say('enabling pg_stat_statements: restarting PostgreSQL once (shared_preload_libraries needs a restart)');
  execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], {
    stdio: 'inherit',
  });
  const { hostname, port } = new URL(settings.postgresUrl);
  if (!(await waitForPort(Number(port || 5432), 30, hostname)))
    throw new Error('PostgreSQL did not come back within 30 s of its restart');
};

/**
 * Autovacuum must run: the outbox, inbox and deadlines tables insert and delete a row per message, and
 * only vacuum reclaims the dead ones (outbox/src/vacuumCheck.ts). A server set up without it gets it
 * turned on (ALTER SYSTEM and a reload, no restart); where that is not allowed, bootstrap says what to set.
 */
const ensureAutovacuum = async (settings: LocalSettings, say: Say): Promise<void> => {
  const client = new pg.Client({ connectionString: settings.postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ value: string }>("SELECT current_setting('autovacuum') AS value");
    if (rows[0].value === 'on') return say('Postgres runs autovacuum');
    await client.query('ALTER SYSTEM SET autovacuum = on');
    await client.query('SELECT pg_reload_conf()');
    say('Postgres ran without autovacuum: turned it on (ALTER SYSTEM SET autovacuum = on, reloaded)');
  } catch (error) {
    say(
      `Postgres runs without autovacuum and bootstrap could not turn it on (${(error as Error).message}): ` +
        'set autovacuum = on, or every service slows down under load as its outbox tables bloat',
    );
  } finally {
    await client.end();
  }
};

/**
 * Runs the five steps above; `say` gets one line per thing done.
 * @throws Error saying what to start or which setting to change when Postgres or RabbitMQ is unreachable
 */
export const bootstrapNetwork = async (settings: LocalSettings, say: Say): Promise<void> => {
  await ensurePostgres(settings, say);
  await ensurePgStatStatements(settings, say);
  await ensureAutovacuum(settings, say);
  await ensureRabbit(settings, say);
  const network = loadNetwork(settings.networkFile);
  const { created } = await generateKeys({ dir: settings.keysDir, participants: participantsOf(network) });
  say(created.length > 0 ? `generated keys for ${created.join(', ')}` : 'keys present');
  const people = await ensureSecrets(settings.keysDir, network);
  await setUpBroker(
    { network, amqpUrl: settings.amqpUrl, managementUrl: settings.managementUrl, keysDir: settings.keysDir },
    say,
  );
  say(
    `RabbitMQ UI ${settings.managementUrl}: read-only login ${monitoringUserName(network.prefix)} / ${people.monitoringPassword}`,
  );
  const roles: Array<[{ database: string }[], MigrationSource]> = [
    [[network.switch], switchMigrations],
    [network.psps, pspMigrations],
    [network.banks, bankMigrations],
  ];
  for (const [entries, roleMigrations] of roles) {
    for (const entry of entries) {
      if (await ensureDatabase(settings.postgresUrl, entry.database))
        say(`created database ${entry.database}`);
      const applied = await migrate(databaseUrl(settings.postgresUrl, entry.database), [
        outboxMigrations,
        roleMigrations,
      ]);
      if (applied.length > 0) say(`migrated ${entry.database}: ${applied.length} migration(s)`);
    }
  }
  say('ready');
};
