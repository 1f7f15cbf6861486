/**
 * The outbox, inbox and deadlines tables churn: a message inserts a row and, moments later, deletes it
 * (outbox, deadlines) or leaves it to retention (inbox). Postgres reclaims the dead rows only by vacuum. With
 * autovacuum off — server-wide, or for one of these tables — they pile up, every claim, cancel and delete
 * walks them, and a service gets slower by the minute under load and stays slow after a burst
 * (docs/guarantees.md §11). So each service checks at start and says so, loudly, once.
 */
import { sql } from 'slonik';
import type { Db, Log } from '@switchyard/infra';

const CHURN_TABLES = ['outbox', 'inbox', 'deadlines'] as const;

/**
 * The churn tables autovacuum will not clean: all of them when the server runs without autovacuum, else
 * those whose own setting turns it off (autovacuum_enabled = false), in CHURN_TABLES order.
 */
export const churnTablesWithoutAutovacuum = async (db: Db): Promise<string[]> => {
  const rows = (await db.pool.any(sql.unsafe`
    SELECT c.relname FROM pg_class c
    WHERE c.relname = ANY(${sql.array([...CHURN_TABLES], 'text')}) AND c.relkind = 'r'
      AND c.relnamespace = to_regnamespace(current_schema())
      AND (current_setting('autovacuum') = 'off'
           OR EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE o ~* '^autovacuum_enabled=(false|off|no|0)$'))`)) as ReadonlyArray<{
    relname: string;
  }>;
  const names = new Set(rows.map((row) => row.relname));
  return CHURN_TABLES.filter((table) => names.has(table));
};

/** Logs one warning naming the churn tables autovacuum will not clean (none: nothing). A failed check is only logged. */
export const warnWhenAutovacuumOff = async (db: Db, log: Log): Promise<void> => {
  const tables = await churnTablesWithoutAutovacuum(db).catch((error: unknown) => {
    log.warn({ err: error }, 'could not check whether autovacuum runs');
    return [];
  });
  if (tables.length === 0) return;
  log.warn(
    { code: 'OUTBOX_WARN_AUTOVACUUM_OFF', tables },
    `autovacuum does not clean ${tables.join(', ')}: their dead rows will pile up and slow this service down ` +
      'under load; turn autovacuum on (make bootstrap does: ALTER SYSTEM SET autovacuum = on)',
  );
};
