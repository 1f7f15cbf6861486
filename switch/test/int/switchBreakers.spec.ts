/**
 * A bank's circuit breaker at the switch, through RabbitMQ and Postgres: it opens after technical declines
 * (and timeouts) of that bank, then payments from it are declined at once (U90, no leg sent); after its
 * reset time it half-opens, the next payment is the probe, and a good answer closes it.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import type { ReqPayPay } from '@switchyard/contracts';
import { journeyOf } from '../../src/domain/journeyOf.ts';
import { paymentEvents } from '../../src/db/paymentsDb.ts';
import { rebuildAll } from '../../src/db/rebuildAll.ts';
import {
  BENEFICIARY,
  PAYEE_PSP,
  PAYER_PSP,
  REMITTER,
  reqPay,
  respAuthDetails,
  respCredit,
  respDebit,
  respReversal,
} from './support/peerMessages.ts';
import { sleep, startHarness, type Harness } from './support/switchHarness.ts';

const TIMEOUTS_MS = { AUTH: 3_000, DEBIT: 600, CREDIT: 3_000, DEBIT_REVERSAL: 3_000, CREDIT_REVERSAL: 3_000 };
const RESET_MS = 3_000;

describe('switch: a circuit breaker per bank (opossum, fed by leg outcomes)', function () {
  this.timeout(60_000);
  let h: Harness;

  before(async () => {
    h = await startHarness(TIMEOUTS_MS, {
      breakers: { volumeMin: 3, errorPercentMax: 50, windowMs: 30_000, resetMs: RESET_MS },
    });
  });
  after(async () => {
    await h?.stop();
  });

  const lotus = () => h.deps.breakers.views().find((view) => view.bank === REMITTER)!;

  const toDebit = async (request: ReqPayPay) => {
    await h.send(PAYER_PSP, request);
    const auth = await h.next(PAYEE_PSP, 'upi.ReqAuthDetails.v1', request.txn.id);
    await h.send(PAYEE_PSP, respAuthDetails(auth));
    return h.next(REMITTER, 'upi.ReqPay.DEBIT.v1', request.txn.id);
  };

  it('opens after technical declines and timeouts of the bank, declines at once with U90, half-opens and closes on a good probe', async () => {
    // Two technical declines (XY: remitter CBS offline) and one debit nobody answers (timeout).
    for (const code of ['XY', 'XY']) {
      const request = reqPay();
      await h.send(REMITTER, respDebit(await toDebit(request), code));
      expect((await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', request.txn.id)).resp.errCode).to.equal('U30');
    }
    expect(lotus().status).to.equal('CLOSED');
    const silent = reqPay();
    await toDebit(silent);
    await until(() => lotus().status === 'OPEN');
    expect(lotus().window).to.include({ failures: 3 });
    // The silent debit's reversal is answered (released): no timer of this bank is left to fire later.
    const reversal = await h.next(REMITTER, 'upi.ReqPay.REVERSAL.v1', silent.txn.id);
    await h.send(REMITTER, respReversal(reversal, '00', REMITTER));
    expect((await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', silent.txn.id)).resp.errCode).to.equal('U67');

    // Open: declined at once, no ReqAuthDetails, no debit; the journey says why.
    const declined = reqPay();
    await h.send(PAYER_PSP, declined);
    const answer = await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', declined.txn.id);
    expect(answer.resp).to.include({ result: 'FAILURE', errCode: 'U90' });
    expect(h.receivedBy(PAYEE_PSP, declined.txn.id)).to.deep.equal([]);
    const hops = journeyOf(await paymentEvents(h.db.db.pool, declined.txn.id));
    expect(hops.map((hop) => hop.label)).to.include(
      `circuit breaker of ${REMITTER} open: declined at once (U90)`,
    );

    // After the reset time: half-open; the next payment is the probe and a good debit closes the breaker.
    await until(() => lotus().status === 'HALF_OPEN', RESET_MS * 5);
    const probe = reqPay();
    await h.send(REMITTER, respDebit(await toDebit(probe), '00'));
    await until(() => lotus().status === 'CLOSED');
    await h.send(
      BENEFICIARY,
      respCredit(await h.next(BENEFICIARY, 'upi.ReqPay.CREDIT.v1', probe.txn.id), '00'),
    );
    expect((await h.next(PAYER_PSP, 'upi.RespPay.PAY.v1', probe.txn.id)).resp.status).to.equal('SUCCESS');
    expect(lotus().transitions.map((t) => t.to)).to.deep.equal(['OPEN', 'HALF_OPEN', 'CLOSED']);
    const banyan = h.deps.breakers.views().find((view) => view.bank === BENEFICIARY)!;
    expect(banyan.status).to.equal('CLOSED');
    const codes = await h.db.db.pool.anyFirst(
      sql.unsafe`SELECT err_code FROM payments WHERE err_code = 'U90'`,
    );
    expect(codes).to.have.length(1);
    expect((await rebuildAll(h.db.db.pool)).mismatches).to.deep.equal([]);
  });
});

const until = async (condition: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
};
