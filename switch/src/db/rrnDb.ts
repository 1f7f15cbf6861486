/** RRNs (custRef): YDDD + an 8-digit sequence from Postgres, so every switch process draws distinct ones. */
import { sql } from 'slonik';
import { rrnFor } from '@switchyard/contracts';
import type { Queryable } from '@switchyard/infra';

export const nextRrn = async (q: Queryable, now: Date): Promise<string> => {
  const sequence = await q.oneFirst(sql.unsafe`SELECT nextval('rrn_seq') AS sequence`);
  return rrnFor(now, Number(sequence));
};
