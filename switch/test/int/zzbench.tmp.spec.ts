import { type ReqAuthDetails, type ReqPayCredit, type ReqPayDebit } from '@switchyard/contracts';
import { BENEFICIARY, PAYEE_PSP, PAYER_PSP, REMITTER, reqPay, respAuthDetails, respCredit, respDebit } from './support/peerMessages.ts';
import { startHarness } from './support/switchHarness.ts';
import { sql } from 'slonik';

describe('bench (temporary)', function () {
  this.timeout(120_000);
  it('N payments concurrently', async () => {
    const h = await startHarness({ AUTH: 30_000, DEBIT: 30_000, CREDIT: 30_000, DEBIT_REVERSAL: 30_000, CREDIT_REVERSAL: 30_000 });
    try {
      const N = 200;
      const started = performance.now();
      await Promise.all(Array.from({ length: N }, async () => {
        const r = reqPay();
        const id = r.txn.id;
        await h.send(PAYER_PSP, r);
        const auth = await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', id, 60_000) as ReqAuthDetails;
        await h.send(PAYEE_PSP, respAuthDetails(auth));
        const debit = await h.next(REMITTER, 'upi.ReqPay.DEBIT.v1', id, 60_000) as ReqPayDebit;
        await h.send(REMITTER, respDebit(debit, '00'));
        const credit = await h.next(BENEFICIARY, 'upi.ReqPay.CREDIT.v1', id, 60_000) as ReqPayCredit;
        await h.send(BENEFICIARY, respCredit(credit, '00'));
        await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', id, 60_000);
      }));
      const ms = performance.now() - started;
      const lat = await h.db.db.pool.one(sql.unsafe`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch from completed_at - received_at)*1000) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch from completed_at - received_at)*1000) AS p95 FROM payments`);
      console.log(`${N} payments in ${ms.toFixed(0)} ms = ${(N / ms * 1000).toFixed(1)} payments/s; switch-side latency`, lat);
      const one = reqPay();
      const t0 = performance.now();
      await h.send(PAYER_PSP, one);
      const auth = await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', one.txn.id) as ReqAuthDetails;
      await h.send(PAYEE_PSP, respAuthDetails(auth));
      const debit = await h.next(REMITTER, 'upi.ReqPay.DEBIT.v1', one.txn.id) as ReqPayDebit;
      await h.send(REMITTER, respDebit(debit, '00'));
      const credit = await h.next(BENEFICIARY, 'upi.ReqPay.CREDIT.v1', one.txn.id) as ReqPayCredit;
      await h.send(BENEFICIARY, respCredit(credit, '00'));
      await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', one.txn.id);
      console.log(`single payment, idle: ${(performance.now() - t0).toFixed(0)} ms end to end (4 switch hops)`);
    } finally {
      await h.stop();
    }
  });
});
