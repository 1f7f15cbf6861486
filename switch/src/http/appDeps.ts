/** What buildApp() needs; main.ts (or a test) supplies it. */
import type { Db, Log } from '@switchyard/infra';

export type AppDeps = {
  participant: string;
  db: Db;
  log: Log;
  operatorKey: string;
  limits: {
    bodySizeMax: number;
    requestTimeoutMs: number;
    connectionTimeoutMs: number;
    keepAliveTimeoutMs: number;
  };
  /** Liveness of the dependencies /health reports, besides Postgres. */
  healthChecks: Record<string, () => boolean>;
};
