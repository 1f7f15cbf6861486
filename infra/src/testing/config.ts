/**
 * Where tests find Postgres and RabbitMQ. The only place outside a service's config.ts that reads the
 * environment: tests run outside any service.
 */
export type TestSettings = {
  postgresUrl: string;
  amqpUrl: string;
  managementUrl: string;
  logLevel: string;
  keepLogs: boolean;
};

export const testSettings = (env: NodeJS.ProcessEnv = process.env): TestSettings => ({
  postgresUrl: env.SY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: env.SY_TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  managementUrl: env.SY_TEST_RABBIT_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672',
  /** Log level of the services tests build in-process (`SY_TEST_LOG_LEVEL=warn` to see what they say). */
  logLevel: env.SY_TEST_LOG_LEVEL ?? 'silent',
  /** SY_KEEP_E2E_LOGS=1 keeps an end-to-end network's folder (logs, keys) after the test. */
  keepLogs: Boolean(env.SY_KEEP_E2E_LOGS),
});
