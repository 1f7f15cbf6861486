/**
 * What a participant's outbox still holds: rows waiting for the relay, and rows parked as publish poison.
 * Read straight from the database (the chaos run checks it while services may be down).
 */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';

export type OutboxBacklog = { pending: number; parked: number };

export const outboxBacklog = async (q: Queryable): Promise<OutboxBacklog> =>
  (await q.one(sql.unsafe`
    SELECT (SELECT count(*) FROM outbox)::int AS pending, (SELECT count(*) FROM outbox_parked)::int AS parked`)) as OutboxBacklog;
