/**
 * Handlers in real Postgres transactions (no broker): the log is append-only, the PIN block lives only
 * until the debit, completion and timeout race to exactly one outcome, rebuildAll catches a tampered row,
 * and responses from the wrong participant never apply.
 */
import { expect } from 'chai';
import { sql } from 'slonik';
import type { ReqAuthDetails, ReqPayCredit, ReqPayDebit, ReqPayReversal } from '@switchyard/contracts';
import { PermanentError } from '@switchyard/outbox';
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
import { SWITCH, createHandlerWorld, type HandlerWorld } from './support/handlerWorld.ts';

const TIMEOUTS_MS = {
  AUTH: 10_000,
  DEBIT: 15_000,
  CREDIT: 15_000,
  DEBIT_REVERSAL: 10_000,
  CREDIT_REVERSAL: 10_000,
};

describe('switch handlers on Postgres', function () {
  this.timeout(30_000);
  let w: HandlerWorld;

  before(async () => {
    w = await createHandlerWorld(TIMEOUTS_MS);
  });
  after(async () => {
    await w?.drop();
  });

  const q = () => w.db.db.pool;
  const stateOf = async (txnId: string) =>
    q().oneFirst(sql.unsafe`SELECT status FROM payments WHERE txn_id = ${txnId}`);

  const startToDebit = async () => {
    const request = reqPay();
    const txnId = request.txn.id;
    await w.deliver(PAYER_PSP, request);
    const [auth] = await w.takeSent(txnId);
    await w.deliver(PAYEE_PSP, respAuthDetails(auth.message as ReqAuthDetails));
    const [debit] = await w.takeSent(txnId);
    expect(debit.type).to.equal('upi.ReqPay.DEBIT.v1');
    return { request, txnId, debit: debit.message as ReqPayDebit };
  };

  it('payment_events is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const { txnId } = await startToDebit();
    for (const statement of [
      sql.unsafe`UPDATE payment_events SET type = 'X' WHERE txn_id = ${txnId}`,
      sql.unsafe`DELETE FROM payment_events WHERE txn_id = ${txnId}`,
      sql.unsafe`TRUNCATE payment_events CASCADE`,
    ]) {
      let error: unknown;
      try {
        await q().query(statement);
      } catch (caught) {
        error = caught;
      }
      expect(String((error as Error | undefined)?.message ?? error)).to.match(/append-only/);
    }
    expect(
      await q().oneFirst(sql.unsafe`SELECT count(*)::int FROM payment_events WHERE txn_id = ${txnId}`),
    ).to.equal(4);
  });

  it('keeps the PIN block only until the debit is sent (and drops it when the payment fails first)', async () => {
    const request = reqPay();
    await w.deliver(PAYER_PSP, request);
    const stored = await q().maybeOne(
      sql.unsafe`SELECT creds FROM payment_creds WHERE txn_id = ${request.txn.id}`,
    );
    expect(stored).to.deep.equal({ creds: request.payer.creds });
    expect(
      JSON.stringify(
        await q().any(sql.unsafe`SELECT data FROM payment_events WHERE txn_id = ${request.txn.id}`),
      ),
    ).to.not.include(request.payer.creds.data);
    const [auth] = await w.takeSent(request.txn.id);
    await w.deliver(PAYEE_PSP, respAuthDetails(auth.message as ReqAuthDetails, { errCode: 'ZG' }));
    expect(
      await q().oneFirst(
        sql.unsafe`SELECT count(*)::int FROM payment_creds WHERE txn_id = ${request.txn.id}`,
      ),
    ).to.equal(0);
    const { txnId } = await startToDebit();
    expect(
      await q().oneFirst(sql.unsafe`SELECT count(*)::int FROM payment_creds WHERE txn_id = ${txnId}`),
    ).to.equal(0);
  });

  it('arms a deadline per leg request and cancels it with the response', async () => {
    const { txnId, debit } = await startToDebit();
    const timer = await w.deadline(txnId, 'DEBIT');
    expect(timer).to.include({ txnId, leg: 'DEBIT', legMessageId: debit.head.msgId });
    expect(Date.parse(timer!.dueAt) - Date.parse(timer!.armedAt)).to.equal(TIMEOUTS_MS.DEBIT);
    expect(await w.deadline(txnId, 'AUTH')).to.equal(undefined);
    await w.deliver(REMITTER, respDebit(debit, '00'));
    expect(await w.deadline(txnId, 'DEBIT')).to.equal(undefined);
    expect(await w.deadline(txnId, 'CREDIT')).to.not.equal(undefined);
    await w.deliver(SWITCH, timer!); // a late timer: state-guarded no-op
    expect(await stateOf(txnId)).to.equal('CREDIT_PENDING');
    expect((await w.takeSent(txnId)).map((s) => s.type)).to.deep.equal(['upi.ReqPay.CREDIT.v1']);
  });

  it('timers of a payment whose legs answer in time: one statement per handler that changes any, no seal', async () => {
    const statementsBefore = w.statements.length;
    const timeoutSealsBefore = w.seals.get('switch.TimeoutElapsed.v1') ?? 0;
    const { txnId, debit } = await startToDebit();
    await w.deliver(REMITTER, respDebit(debit, '00'));
    const [credit] = await w.takeSent(txnId);
    await w.deliver(BENEFICIARY, respCredit(credit.message as ReqPayCredit, '00'));
    expect(await stateOf(txnId)).to.equal('SUCCESS');
    const timerStatements = w.statements.slice(statementsBefore).filter((text) => /\bdeadlines\b/.test(text));
    // ReqPay arms AUTH; RespAuthDetails cancels AUTH and arms DEBIT; RespDebit cancels DEBIT and arms CREDIT;
    // RespCredit cancels CREDIT (it was 6 statements when cancel and arm were separate).
    expect(timerStatements, timerStatements.join('\n---\n')).to.have.length(4);
    expect(w.seals.get('switch.TimeoutElapsed.v1') ?? 0, 'no timer sealed').to.equal(timeoutSealsBefore);
    expect(
      await q().oneFirst(sql.unsafe`SELECT count(*)::int FROM deadlines WHERE txn_id = ${txnId}`),
    ).to.equal(0);
  });

  it('completion and timeout racing: exactly one wins, every time', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { txnId, debit } = await startToDebit();
      const timer = (await w.deadline(txnId, 'DEBIT'))!;
      const response = respDebit(debit, '00');
      const racers =
        round % 2 === 0
          ? [w.deliver(REMITTER, response), w.deliver(SWITCH, timer)]
          : [w.deliver(SWITCH, timer), w.deliver(REMITTER, response)];
      await Promise.all(racers);
      const sent = (await w.takeSent(txnId)).map((s) => s.type);
      const state = await stateOf(txnId);
      const types = (
        await q().any(sql.unsafe`SELECT type FROM payment_events WHERE txn_id = ${txnId} ORDER BY version`)
      ).map((r) => (r as { type: string }).type);
      if (state === 'CREDIT_PENDING') {
        expect(sent).to.deep.equal(['upi.ReqPay.CREDIT.v1']);
        expect(types).to.not.include('LegTimedOut');
      } else {
        expect(state).to.equal('DEBIT_REVERSAL_PENDING');
        expect(sent).to.deep.equal(['upi.ReqPay.REVERSAL.v1']);
        expect(types.slice(-3)).to.deep.equal(['LegTimedOut', 'LegRequested', 'LateResponseRecorded']);
      }
    }
  });

  it('refuses (PermanentError) responses from the wrong participant or for requests never sent', async () => {
    const { txnId, debit } = await startToDebit();
    const refusal = async (
      from: string,
      message: Parameters<HandlerWorld['deliver']>[1],
    ): Promise<string> => {
      try {
        await w.deliver(from, message);
      } catch (error) {
        expect(error).to.be.instanceOf(PermanentError);
        return (error as PermanentError).reason;
      }
      throw new Error('not refused');
    };
    expect(await refusal(BENEFICIARY, respDebit(debit, '00'))).to.equal('wrong_sender');
    expect(
      await refusal(REMITTER, {
        ...respDebit(debit, '00'),
        resp: { ...respDebit(debit, '00').resp, reqMsgId: 'AAAA' },
      }),
    ).to.equal('response_mismatch');
    expect(
      await refusal(
        BENEFICIARY,
        respCredit(
          {
            ...(debit as unknown as ReqPayCredit),
            payee: { addr: 'vikram@kite', name: 'V', ac: { acNum: '200000000001', ifsc: 'BNYN0000001' } },
          },
          '00',
        ),
      ),
    ).to.equal('unexpected_response');
    expect(await refusal(PAYEE_PSP, reqPay())).to.equal('payer_handle_not_owned');
    expect(await refusal(BENEFICIARY, reqPay())).to.equal('sender_not_a_psp');
    expect(await refusal(PAYER_PSP, reqPay({ txnId: 'KIT' + txnId.slice(3) }))).to.equal(
      'txn_prefix_mismatch',
    );
    expect(await stateOf(txnId)).to.equal('DEBIT_PENDING');
  });

  it('a second answer to an answered leg is dropped (U35), the state does not move', async () => {
    const { txnId, debit } = await startToDebit();
    await w.deliver(REMITTER, respDebit(debit, 'Z9'));
    await w.takeSent(txnId);
    await w.deliver(REMITTER, respDebit(debit, '00'));
    expect(await stateOf(txnId)).to.equal('FAILED');
    expect(await w.takeSent(txnId)).to.deep.equal([]);
  });

  it('rebuildAll matches, then catches a tampered payments row', async () => {
    const { txnId, debit } = await startToDebit();
    await w.deliver(REMITTER, respDebit(debit, '00'));
    const [credit] = await w.takeSent(txnId);
    await w.deliver(BENEFICIARY, respCredit(credit.message as ReqPayCredit, 'YF'));
    const [reversal] = await w.takeSent(txnId);
    await w.deliver(REMITTER, respReversal(reversal.message as ReqPayReversal, '96', REMITTER));
    expect(await stateOf(txnId)).to.equal('STUCK');
    const clean = await rebuildAll(q());
    expect(clean.mismatches).to.deep.equal([]);
    expect(clean.checked).to.be.greaterThan(5);

    await q().query(
      sql.unsafe`UPDATE payments SET status = 'SUCCESS', debit_reversed_minor = 25000 WHERE txn_id = ${txnId}`,
    );
    const tampered = await rebuildAll(q());
    expect(tampered.mismatches.map((m) => [m.txnId, m.field])).to.deep.equal([
      [txnId, 'status'],
      [txnId, 'debit_reversed_minor'],
    ]);
    await q().query(
      sql.unsafe`UPDATE payments SET status = 'STUCK', debit_reversed_minor = 0 WHERE txn_id = ${txnId}`,
    );
    expect((await rebuildAll(q())).mismatches).to.deep.equal([]);
  });
});
