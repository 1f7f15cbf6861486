import { expect } from 'chai';
import {
  hopsOf,
  mayCarry,
  messagePermissions,
  messageTypes,
  recipientsOf,
  roleOf,
  type MessageType,
} from '../../src/index.ts';

const NETWORK = ['switch', 'psp.zap', 'psp.kite', 'bank.lotus', 'bank.banyan'];

/** Every (sender, type, recipient) of the default network the table allows, as `sender type recipient`. */
const allowed = (): string[] =>
  NETWORK.flatMap((sender) =>
    messageTypes.flatMap((type) =>
      NETWORK.filter((recipient) => mayCarry({ type, sender, recipient }).ok).map(
        (recipient) => `${sender} ${type} ${recipient}`,
      ),
    ),
  );

describe('contracts: who may send what to whom (permissions.ts)', () => {
  it('has one entry per message type of the registry, and nothing else', () => {
    expect(Object.keys(messagePermissions).sort()).to.deep.equal([...messageTypes].sort());
  });

  it("a participant's role is the part of its id before the dot", () => {
    expect(['switch', 'psp.zap', 'bank.lotus', 'switch.test', 'hsm.x', 'pspzap'].map(roleOf)).to.deep.equal([
      'switch',
      'psp',
      'bank',
      'switch',
      undefined,
      undefined,
    ]);
  });

  it('an answer travels its request’s hops backwards (two-hop requests both ways)', () => {
    expect(hopsOf('upi.ReqListAccount.v1').hops).to.deep.equal(['psp>switch', 'switch>bank']);
    expect(hopsOf('upi.RespListAccount.v1').hops).to.deep.equal(['switch>psp', 'bank>switch']);
    expect(hopsOf('upi.RespValAdd.v1').hops).to.deep.equal(['switch>psp', 'psp>switch']);
    expect(hopsOf('upi.RespPay.CREDIT.v1').hops).to.deep.equal(['bank>switch']);
    for (const [type, rule] of Object.entries(messagePermissions)) {
      if (!('answers' in rule)) continue;
      expect(hopsOf(rule.answers).hops, type).to.have.length(hopsOf(type as MessageType).hops.length);
    }
  });

  it('allows exactly the flows of the network (the whole list, so a change to the table shows here)', () => {
    const psps = ['psp.zap', 'psp.kite'];
    const banks = ['bank.lotus', 'bank.banyan'];
    const expected = [
      ...psps.flatMap((p) =>
        [
          'upi.ReqPay.PAY.v1',
          'upi.RespAuthDetails.v1',
          'upi.ReqValAdd.v1',
          'upi.RespValAdd.v1',
          'upi.RespTxnConfirmation.v1',
          'upi.ReqChkTxn.v1',
          'upi.ReqListAccount.v1',
          'upi.ReqSetCre.v1',
          'upi.ReqOtp.v1',
        ].map((type) => `${p} ${type} switch`),
      ),
      ...psps.flatMap((p) =>
        [
          'upi.RespPay.PAY.v1',
          'upi.ReqAuthDetails.v1',
          'upi.ReqValAdd.v1',
          'upi.RespValAdd.v1',
          'upi.ReqTxnConfirmation.v1',
          'upi.RespChkTxn.v1',
          'upi.RespListAccount.v1',
          'upi.RespSetCre.v1',
          'upi.RespOtp.v1',
        ].map((type) => `switch ${type} ${p}`),
      ),
      ...banks.flatMap((b) =>
        [
          'upi.ReqPay.DEBIT.v1',
          'upi.ReqPay.CREDIT.v1',
          'upi.ReqPay.REVERSAL.v1',
          'upi.ReqListAccount.v1',
          'upi.ReqSetCre.v1',
          'upi.ReqOtp.v1',
          'upi.ReqChkTxn.CREDIT.v1',
          'upi.ReqAutoReversal.v1',
        ].map((type) => `switch ${type} ${b}`),
      ),
      ...banks.flatMap((b) =>
        [
          'upi.RespPay.DEBIT.v1',
          'upi.RespPay.CREDIT.v1',
          'upi.RespPay.REVERSAL.v1',
          'upi.RespListAccount.v1',
          'upi.RespSetCre.v1',
          'upi.RespOtp.v1',
          'upi.RespChkTxn.CREDIT.v1',
          'upi.RespAutoReversal.v1',
        ].map((type) => `${b} ${type} switch`),
      ),
      'switch switch.TimeoutElapsed.v1 switch',
    ];
    expect(allowed().sort()).to.deep.equal(expected.sort());
  });

  it('refuses the findings of issue 7, naming sender, type and recipient', () => {
    expect(
      mayCarry({ type: 'upi.ReqPay.CREDIT.v1', sender: 'psp.zap', recipient: 'bank.banyan' }),
    ).to.deep.equal({
      ok: false,
      reason: 'not_allowed',
      detail:
        'psp.zap may not send upi.ReqPay.CREDIT.v1 to bank.banyan: psp → bank is not a hop of this message',
    });
    for (const [type, sender, recipient] of [
      ['upi.ReqPay.REVERSAL.v1', 'psp.zap', 'bank.lotus'],
      ['upi.ReqListAccount.v1', 'psp.kite', 'bank.lotus'],
      ['upi.RespPay.PAY.v1', 'bank.lotus', 'psp.zap'],
      ['upi.RespPay.PAY.v1', 'psp.kite', 'psp.zap'],
      ['upi.ReqTxnConfirmation.v1', 'psp.zap', 'psp.kite'],
      ['upi.RespPay.DEBIT.v1', 'psp.zap', 'switch'],
    ] as const) {
      const verdict = mayCarry({ type, sender, recipient });
      expect(verdict.ok, `${sender} ${type} ${recipient}`).to.equal(false);
      expect(verdict.ok === false && verdict.detail).to.include(
        `${sender} may not send ${type} to ${recipient}`,
      );
    }
  });

  it("the switch's timers go only to itself; unknown roles and types are refused", () => {
    expect(mayCarry({ type: 'switch.TimeoutElapsed.v1', sender: 'switch', recipient: 'switch' }).ok).to.equal(
      true,
    );
    const other = mayCarry({ type: 'switch.TimeoutElapsed.v1', sender: 'switch.b', recipient: 'switch' });
    expect(other.ok === false && other.detail).to.match(/only a participant itself/);
    expect(mayCarry({ type: 'upi.ReqPay.PAY.v1', sender: 'hsm.x', recipient: 'switch' }).ok).to.equal(false);
    const unknown = mayCarry({ type: 'upi.Nope.v1' as MessageType, sender: 'psp.zap', recipient: 'switch' });
    expect(unknown.ok === false && unknown.detail).to.match(/unknown message type/);
  });

  it('recipientsOf: whom each participant may address at all (its broker write permissions)', () => {
    expect(recipientsOf('psp.zap', NETWORK)).to.deep.equal(['switch']);
    expect(recipientsOf('bank.lotus', NETWORK)).to.deep.equal(['switch']);
    expect(recipientsOf('switch', NETWORK)).to.deep.equal(NETWORK);
  });
});
