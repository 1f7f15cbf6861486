/**
 * The background status checker (docs/upi.md §6.3): every intervalMs, the payments this PSP initiated
 * that are still PENDING or DEEMED and whose next check is due (the n-th no earlier than n × the minimum
 * delay, at most 3) get a ReqChkTxn — each in its own transaction through `send`, which locks the payment
 * and decides again, so two checkers never double a check.
 */
import type { Db, Log, Tx } from '@switchyard/infra';
import { startBackgroundLoop } from '@switchyard/outbox';
import type { StatusCheckRules } from '../domain/statusCheck.ts';
import type { PaymentRole } from '../domain/types.ts';
import { listPaymentsDueForCheck } from '../db/paymentsDb.ts';

const BATCH_SIZE_MAX = 50;

export const startStatusChecker = (o: {
  db: Db;
  log: Log;
  intervalMs: number;
  rules: StatusCheckRules;
  now: () => Date;
  send: (tx: Tx, txnId: string, role: PaymentRole) => Promise<unknown>;
}): { stop(): Promise<void> } => {
  const loop = startBackgroundLoop({
    name: 'status-checker',
    log: o.log,
    intervalMs: o.intervalMs,
    async step() {
      const due = await listPaymentsDueForCheck(o.db.pool, o.rules, o.now(), BATCH_SIZE_MAX);
      for (const payment of due) await o.db.transaction((tx) => o.send(tx, payment.txnId, payment.role));
      if (due.length > 0) o.log.info({ checked: due.length }, 'status checks sent');
      return due.length === BATCH_SIZE_MAX ? 'again' : 'idle';
    },
  });
  return { stop: () => loop.stop() };
};
