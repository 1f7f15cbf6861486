/**
 * A payment's hops assembled from what each service recorded: one hop per message, matched by message id
 * across sender and recipient, coded from the switch's events and the banks' legs, and where it is now —
 * delivered, in flight, waiting in an outbox, parked, dead-lettered — plus armed timers.
 */
import { expect } from 'chai';
import type { TxnMessageRecords } from '@switchyard/outbox';
import type { LegRecord } from '@switchyard/bank';
import type { PaymentEvent, PaymentState } from '@switchyard/switch';
import type { DeadLetter } from '../../src/broker/peekDeadLetters.ts';
import { messageName, traceHops, type TraceRecords } from '../../src/trace/traceHops.ts';

const TXN = 'ZAP0123456789ABCDEFGHIJKLMNOPQRSTUV';
const at = (ms: number): Date => new Date(Date.UTC(2026, 0, 1, 10, 0, 0, ms));
const iso = (ms: number): string => at(ms).toISOString();
const none = (): TxnMessageRecords => ({ received: [], unsent: [], deadlines: [] });

const received = (messageId: string, type: string, sender: string, ms: number) => ({
  consumer: 'c',
  messageId,
  type,
  sender,
  receivedAt: at(ms),
});

/** A payment whose debit went to bank.lotus (answered 00) and whose credit is out at bank.banyan. */
const payment = {
  status: 'CREDIT_PENDING',
  payment: {
    txnId: TXN,
    payerPsp: 'psp.zap',
    payeePsp: 'psp.kite',
    legs: {
      AUTH: { participant: 'psp.kite' },
      DEBIT: { participant: 'bank.lotus' },
      CREDIT: { participant: 'bank.banyan' },
    },
  },
} as unknown as Exclude<PaymentState, { status: 'NEW' }>;

const events: PaymentEvent[] = [
  {
    type: 'PaymentInitiated',
    at: iso(10),
    txnId: TXN,
    payerPsp: 'psp.zap',
    payerMessageId: 'M-PAY',
    payer: { addr: 'asha@zap', name: 'Asha', ac: {} as never },
    payee: { addr: 'vikram@kite' },
    amountMinor: 10_000,
    note: '',
  },
  { type: 'LegRequested', at: iso(20), leg: 'AUTH', messageId: 'M-AUTH', participant: 'psp.kite' },
  { type: 'PayeeResolved', at: iso(40), payee: { addr: 'vikram@kite', name: 'Vikram', ac: {} as never } },
  {
    type: 'LegRequested',
    at: iso(50),
    leg: 'DEBIT',
    messageId: 'M-DEBIT',
    participant: 'bank.lotus',
    rrn: '1',
  },
  { type: 'LegAnswered', at: iso(80), leg: 'DEBIT', result: 'SUCCESS', respCode: '00' },
  { type: 'LegRequested', at: iso(90), leg: 'CREDIT', messageId: 'M-CREDIT', participant: 'bank.banyan' },
];

const records = (overrides: Partial<TraceRecords> = {}): TraceRecords => {
  const messaging = new Map<string, TxnMessageRecords>([
    ['psp.zap', none()],
    ['psp.kite', { ...none(), received: [received('M-AUTH', 'upi.ReqAuthDetails.v1', 'switch', 30)] }],
    [
      'switch',
      {
        ...none(),
        received: [
          received('M-PAY', 'upi.ReqPay.PAY.v1', 'psp.zap', 12),
          received('M-AUTHR', 'upi.RespAuthDetails.v1', 'psp.kite', 40),
          received('M-DEBITR', 'upi.RespPay.DEBIT.v1', 'bank.lotus', 80),
        ],
        deadlines: [{ messageId: 'M-T', leg: 'CREDIT', dueAt: at(15_090), armedAt: at(90) }],
      },
    ],
    ['bank.lotus', { ...none(), received: [received('M-DEBIT', 'upi.ReqPay.DEBIT.v1', 'switch', 60)] }],
    ['bank.banyan', none()],
  ]);
  const lotusLeg = { leg: 'DEBIT', status: 'DONE', respCode: '00', createdAt: at(61) } as LegRecord;
  return {
    switchId: 'switch',
    payment,
    events,
    messaging,
    bankLegs: new Map([
      ['bank.lotus', [lotusLeg]],
      ['bank.banyan', []],
    ]),
    deadLetters: [],
    acceptedAt: iso(5),
    ...overrides,
  };
};

const summary = (hops: ReturnType<typeof traceHops>) =>
  hops.map((h) => `${h.message} ${h.from}→${h.to} ${h.code ?? '-'} ${h.state}`);

describe('tools: a payment trace from every service’s records', () => {
  it('names message types for people', () => {
    expect(messageName('upi.ReqPay.DEBIT.v1')).to.equal('ReqPay DEBIT');
    expect(messageName('switch.TimeoutElapsed.v1')).to.equal('TimeoutElapsed');
  });

  it('one hop per message, in time order, matched across sender and recipient, with codes', () => {
    const hops = traceHops(records());
    expect(summary(hops)).to.deep.equal([
      'ReqPay PAY psp.zap→switch - delivered',
      'ReqAuthDetails switch→psp.kite - delivered',
      'RespAuthDetails psp.kite→switch 00 delivered',
      'ReqPay DEBIT switch→bank.lotus - delivered',
      'RespPay DEBIT bank.lotus→switch 00 delivered',
      'ReqPay CREDIT switch→bank.banyan - in flight',
      'timer CREDIT switch→switch - timer armed',
    ]);
    const debit = hops.find((h) => h.messageId === 'M-DEBIT')!;
    expect(debit).to.include({ sentAt: iso(50), receivedAt: iso(60), leg: 'DEBIT' });
    expect(debit.notes).to.include('bank.lotus: DONE 00');
    expect(hops[0]).to.include({ sentAt: iso(5), receivedAt: iso(12) });
  });

  it('a message waiting in its sender’s outbox, or parked there, shows as such', () => {
    const base = records();
    const banyan: TxnMessageRecords = {
      ...none(),
      received: [received('M-CREDIT', 'upi.ReqPay.CREDIT.v1', 'switch', 100)],
      unsent: [
        {
          state: 'waiting',
          messageId: 'M-CREDITR',
          type: 'upi.RespPay.CREDIT.v1',
          recipient: 'switch',
          createdAt: at(110),
          attempts: 2,
          lastError: 'nacked by the broker',
          parkedAt: null,
          reason: null,
        },
      ],
    };
    const zap: TxnMessageRecords = {
      ...none(),
      unsent: [
        {
          state: 'parked',
          messageId: 'M-X',
          type: 'upi.ReqChkTxn.v1',
          recipient: 'switch',
          createdAt: at(120),
          attempts: 20,
          lastError: 'returned',
          parkedAt: at(130),
          reason: 'returned',
        },
      ],
    };
    const messaging = new Map(base.messaging);
    messaging.set('bank.banyan', banyan);
    messaging.set('psp.zap', zap);
    const hops = traceHops({ ...base, messaging });
    const response = hops.find((h) => h.messageId === 'M-CREDITR')!;
    expect(response).to.include({ state: 'waiting', from: 'bank.banyan', to: 'switch', leg: null });
    expect(response.notes).to.deep.equal(['2 publish attempt(s) failed: nacked by the broker']);
    expect(hops.find((h) => h.messageId === 'M-CREDIT')!.state).to.equal('delivered');
    const parked = hops.find((h) => h.messageId === 'M-X')!;
    expect(parked).to.include({ state: 'parked', from: 'psp.zap' });
  });

  it('a message in a dead-letter queue shows as dead-lettered, with why', () => {
    const dead: DeadLetter = {
      participant: 'bank.banyan',
      queue: 'sy.bank.banyan.work.dlq',
      messageId: 'M-CREDIT',
      type: 'upi.ReqPay.CREDIT.v1',
      correlationId: TXN,
      sender: 'switch',
      reason: 'invalid_schema',
      detail: '/amount must be integer',
      at: iso(95),
    };
    const hop = traceHops(records({ deadLetters: [dead] })).find((h) => h.messageId === 'M-CREDIT')!;
    expect(hop).to.include({ state: 'dead-lettered', leg: 'CREDIT', sentAt: iso(90) });
    expect(hop.notes).to.include('in sy.bank.banyan.work.dlq: invalid_schema — /amount must be integer');
  });

  it('a bank’s answer the switch has not received yet still shows, with the bank’s code', () => {
    const legs = new Map(records().bankLegs);
    legs.set('bank.banyan', [
      { leg: 'CREDIT', status: 'DECLINED', respCode: 'YF', createdAt: at(101) } as LegRecord,
    ]);
    const hops = traceHops(records({ bankLegs: legs }));
    const answer = hops.find((h) => h.type === 'upi.RespPay.CREDIT.v1')!;
    expect(answer).to.include({ from: 'bank.banyan', code: 'YF', state: 'in flight', sentAt: iso(101) });
  });

  it('messages the switch sent in the same millisecond keep the order it sent them in', () => {
    const base = records();
    const completed: PaymentEvent = {
      type: 'PaymentCompleted',
      at: iso(200),
      status: 'SUCCESS',
      result: 'SUCCESS',
      finalStatus: 'SUCCESS',
    };
    const messaging = new Map(base.messaging);
    // The payee's PSP handled its confirmation before the payer's PSP handled the final answer.
    messaging.set('psp.zap', {
      ...none(),
      received: [received('M-FINAL', 'upi.RespPay.PAY.v1', 'switch', 240)],
    });
    messaging.set('psp.kite', {
      ...none(),
      received: [
        received('M-AUTH', 'upi.ReqAuthDetails.v1', 'switch', 30),
        received('M-CONF', 'upi.ReqTxnConfirmation.v1', 'switch', 210),
      ],
    });
    const hops = traceHops({ ...base, messaging, events: [...events, completed] });
    const last = hops.slice(-2).map((h) => `${h.message} ${h.code ?? '-'} ${h.sentAt}`);
    expect(last).to.deep.equal([`RespPay PAY 00 ${iso(200)}`, `ReqTxnConfirmation - ${iso(200)}`]);
  });

  it("notes the switch's resolution events: a status check's answer, a retried leg, the resolution", () => {
    const base = records();
    const messaging = new Map(base.messaging);
    messaging.set('switch', {
      ...base.messaging.get('switch')!,
      received: [
        ...base.messaging.get('switch')!.received,
        received('M-CHK', 'upi.ReqChkTxn.v1', 'psp.zap', 300),
      ],
    });
    const later: PaymentEvent[] = [
      { type: 'LegRetryScheduled', at: iso(250), leg: 'CREDIT' },
      { type: 'StatusChecked', at: iso(301), asker: 'psp.zap', status: 'PENDING', count: 1 },
      {
        type: 'PaymentResolved',
        at: iso(400),
        status: 'SUCCESS',
        by: 'TCC',
        result: 'SUCCESS',
        finalStatus: 'SUCCESS',
        notified: true,
      },
    ];
    const hops = traceHops({ ...base, messaging, events: [...events, ...later] });
    const notesOf = (type: string) => hops.filter((h) => h.type === type).flatMap((h) => h.notes);
    expect(notesOf('upi.ReqChkTxn.v1')).to.deep.equal(['check 1: PENDING']);
    expect(notesOf('upi.ReqPay.CREDIT.v1')).to.include('CREDIT to be sent again');
    expect(notesOf('upi.ReqPay.PAY.v1').some((n) => n.startsWith('resolved SUCCESS by TCC'))).to.equal(true);
  });
});
