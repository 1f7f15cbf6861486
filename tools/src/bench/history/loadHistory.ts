/**
 * `make bench HISTORY=1000000`: loads a history of payments into the switch and the banks of the bench's
 * network before its knee is measured again. Each history payment is a copy of a real one the network
 * has just made (historyClones.ts gives every copy its identity and moment), written by the switch's and
 * the banks' own db/ functions (insertPaymentHistory, insertLedgerHistory), so the rows are exactly the
 * ones those services write. The load payers are the parties, as in the templates: the history lands on
 * the accounts under load, and its last day counts towards their daily limit like any other debit.
 */
import pg from 'pg';
import { insertLedgerHistory } from '@switchyard/bank';
import { createDb, type Db } from '@switchyard/infra';
import { historyTemplates, insertPaymentHistory } from '@switchyard/switch';
import type { ProjectTarget } from '../projectTarget.ts';
import { historyChunks } from './historyClones.ts';

export type HistoryOptions = {
  /** Payments to load. */
  count: number;
  /** Spread evenly over this many days before now. */
  days: number;
  /** Real payments to copy (the most recent successful ones). */
  templatesMax?: number;
  chunkSize?: number;
  say: (line: string) => void;
};

const analyze = async (url: string): Promise<void> => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE').finally(() => client.end());
};

/**
 * Loads the history, then ANALYZEs every database so plans see it. Returns the seconds it took.
 * @throws Error when the network has no successful payment to copy; any database error
 */
export const loadHistory = async (target: ProjectTarget, o: HistoryOptions): Promise<number> => {
  const started = performance.now();
  const { network } = target;
  const open = (participant: string): Promise<Db> =>
    createDb(target.databaseUrlOf(participant), { poolSizeMax: 1, statementTimeoutMs: 600_000 });
  const switchDb = await open(network.switch.id);
  const bankDbs = await Promise.all(network.banks.map((bank) => open(bank.id)));
  try {
    const templates = (await historyTemplates(switchDb.pool, o.templatesMax ?? 200)).map((t) => ({
      txnId: t.txnId,
      receivedAtMs: t.receivedAt.getTime(),
    }));
    const span = { count: o.count, days: o.days, nowMs: Date.now() };
    let loaded = 0;
    let reported = 0;
    for (const { template, clones } of historyChunks(templates, span, o.chunkSize ?? 2_000)) {
      await Promise.all([
        insertPaymentHistory(switchDb, template.txnId, clones),
        ...bankDbs.map((db) => insertLedgerHistory(db, template.txnId, clones)),
      ]);
      loaded += clones.length;
      if (loaded - reported >= o.count / 10 || loaded === o.count) {
        reported = loaded;
        o.say(
          `history: ${loaded} of ${o.count} payments (${Math.round((performance.now() - started) / 1000)} s)`,
        );
      }
    }
  } finally {
    await Promise.all([switchDb.end(), ...bankDbs.map((db) => db.end())]);
  }
  for (const entry of [network.switch, ...network.banks]) await analyze(target.databaseUrlOf(entry.id));
  return Math.round((performance.now() - started) / 1000);
};
