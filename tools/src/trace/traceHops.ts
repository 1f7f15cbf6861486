/**
 * One payment's hops across every service, assembled from what each one recorded (pure: the records come
 * in, tools/src/trace/collectTrace.ts reads them). A hop is one message: who sent it to whom, when it
 * left (the sender's record) and when it was handled (the recipient's inbox), its code, and where it is
 * now — delivered, still waiting in the sender's outbox, parked after repeated publish failures, sitting
 * in the recipient's dead-letter queue, or in flight on the broker (sent, not yet handled). Armed timers
 * are hops of their own.
 *
 * Sources, each matched to the others by message id where both sides know it:
 * - every service's inbox (messages received: type, sender, time) and outbox (messages not yet sent);
 * - the switch's event log (the requests it sent, with their ids; the codes of the answers it got);
 * - the banks' legs (each leg's answer, also before the switch has it); the dead-letter queues.
 */
import type { TxnMessageRecords } from '@switchyard/outbox';
import type { LegRecord } from '@switchyard/bank';
import type { LegKind, PaymentEvent, PaymentState } from '@switchyard/switch';
import type { DeadLetter } from '../broker/peekDeadLetters.ts';
import type { HopState, TraceHop } from './traceTypes.ts';

export type TraceRecords = {
  switchId: string;
  /** The switch's record of the payment, if it has one. */
  payment: Exclude<PaymentState, { status: 'NEW' }> | undefined;
  events: readonly PaymentEvent[];
  /** Every service's messaging records for the txn id. */
  messaging: ReadonlyMap<string, TxnMessageRecords>;
  /** Every bank's legs for the txn id. */
  bankLegs: ReadonlyMap<string, readonly LegRecord[]>;
  /** Dead letters carrying the txn id as correlation id. */
  deadLetters: readonly DeadLetter[];
  /** When the payer's PSP accepted the payment (its ReqPay PAY left then). */
  acceptedAt: string | undefined;
};

const REQUEST_TYPE: Record<LegKind, string> = {
  AUTH: 'upi.ReqAuthDetails.v1',
  DEBIT: 'upi.ReqPay.DEBIT.v1',
  CREDIT: 'upi.ReqPay.CREDIT.v1',
  DEBIT_REVERSAL: 'upi.ReqPay.REVERSAL.v1',
  CREDIT_REVERSAL: 'upi.ReqPay.REVERSAL.v1',
  CREDIT_CHECK: 'upi.ReqChkTxn.CREDIT.v1',
  AUTO_REVERSAL: 'upi.ReqAutoReversal.v1',
};
const RESPONSE_TYPE: Record<LegKind, string> = {
  AUTH: 'upi.RespAuthDetails.v1',
  DEBIT: 'upi.RespPay.DEBIT.v1',
  CREDIT: 'upi.RespPay.CREDIT.v1',
  DEBIT_REVERSAL: 'upi.RespPay.REVERSAL.v1',
  CREDIT_REVERSAL: 'upi.RespPay.REVERSAL.v1',
  CREDIT_CHECK: 'upi.RespChkTxn.CREDIT.v1',
  AUTO_REVERSAL: 'upi.RespAutoReversal.v1',
};
const TIMEOUT_TYPE = 'switch.TimeoutElapsed.v1';

/** 'upi.ReqPay.DEBIT.v1' → 'ReqPay DEBIT'; 'switch.TimeoutElapsed.v1' → 'TimeoutElapsed'. */
export const messageName = (type: string): string =>
  type
    .replace(/^[a-z]+\./, '')
    .replace(/\.v[0-9]+$/, '')
    .replaceAll('.', ' ');

/** Reversals share one message type: name the leg they reverse. */
const legMessageName = (type: string, leg: LegKind): string =>
  leg === 'DEBIT_REVERSAL' || leg === 'CREDIT_REVERSAL'
    ? `${messageName(type)} (${leg === 'DEBIT_REVERSAL' ? 'debit' : 'credit'})`
    : messageName(type);

const iso = (date: Date): string => date.toISOString();

/** The hops, keyed by message id while they are assembled; synthetic ones (no id known) on the side. */
class HopBook {
  readonly byId = new Map<string, TraceHop>();
  readonly unkeyed: TraceHop[] = [];
  /** The order the switch's log sent messages in: it orders hops sent in the same millisecond. */
  private readonly sendOrder = new Map<TraceHop, number>();

  /** The switch sent `hop` at `at` (its event log says so). */
  sent(hop: TraceHop, at: string): void {
    hop.sentAt = at;
    if (!this.sendOrder.has(hop)) this.sendOrder.set(hop, this.sendOrder.size);
  }

  order(hop: TraceHop): number {
    return this.sendOrder.get(hop) ?? Number.MAX_SAFE_INTEGER;
  }

  hop(messageId: string | null, fill: () => Omit<TraceHop, 'messageId' | 'notes'>): TraceHop {
    const known = messageId === null ? undefined : this.byId.get(messageId);
    if (known) return known;
    const hop: TraceHop = { ...fill(), messageId, notes: [] };
    if (messageId === null) this.unkeyed.push(hop);
    else this.byId.set(messageId, hop);
    return hop;
  }

  all(): TraceHop[] {
    return [...this.byId.values(), ...this.unkeyed];
  }

  /** The first hop of `type` from `from` to `to` that `free` accepts, in time order. */
  find(
    type: string,
    from: string | undefined,
    to: string,
    free: (hop: TraceHop) => boolean,
  ): TraceHop | undefined {
    return this.all()
      .filter((h) => h.type === type && h.to === to && (from === undefined || h.from === from) && free(h))
      .sort((a, b) => timeOf(a).localeCompare(timeOf(b)))[0];
  }
}

const timeOf = (hop: TraceHop): string => hop.sentAt ?? hop.receivedAt ?? '';

const blank = (type: string, from: string, to: string, state: HopState) => ({
  message: messageName(type),
  type,
  from,
  to,
  leg: null,
  sentAt: null,
  receivedAt: null,
  code: null,
  state,
});

/** Messages as the services recorded them: received (inbox), not yet sent (outbox), dead-lettered. */
const addRecordedMessages = (book: HopBook, records: TraceRecords): void => {
  for (const [participant, { received }] of records.messaging) {
    for (const r of received) {
      const hop = book.hop(r.messageId, () => blank(r.type, r.sender ?? '?', participant, 'delivered'));
      hop.receivedAt = iso(r.receivedAt);
      hop.state = 'delivered';
    }
  }
  for (const [participant, { unsent }] of records.messaging) {
    for (const u of unsent) {
      const hop = book.hop(u.messageId, () => blank(u.type, participant, u.recipient ?? '?', u.state));
      hop.sentAt ??= iso(u.createdAt);
      if (hop.state !== 'delivered') hop.state = u.state;
      if (u.state === 'parked') hop.notes.push(`parked in ${participant}'s outbox: ${u.reason ?? '?'}`);
      else if (u.attempts > 0)
        hop.notes.push(`${u.attempts} publish attempt(s) failed: ${u.lastError ?? '?'}`);
    }
  }
  for (const d of records.deadLetters) {
    const hop = book.hop(d.messageId, () => blank(d.type, d.sender ?? '?', d.participant, 'dead-lettered'));
    hop.sentAt ??= d.at;
    if (hop.state !== 'delivered') hop.state = 'dead-lettered';
    hop.notes.push(`in ${d.queue}: ${d.reason}${d.detail ? ` — ${d.detail}` : ''}`);
  }
};

const legParticipant = (records: TraceRecords, leg: LegKind): string =>
  records.payment?.payment.legs[leg]?.participant ?? '?';

/** The answer to a leg the switch recorded: code it on the matching response hop. */
const codeResponse = (
  book: HopBook,
  records: TraceRecords,
  leg: LegKind,
  respCode: string,
  at: string,
  note?: string,
): void => {
  const from = legParticipant(records, leg);
  const type = RESPONSE_TYPE[leg];
  const hop =
    book.find(type, from, records.switchId, (h) => h.code === null && (h.leg === null || h.leg === leg)) ??
    book.hop(null, () => ({ ...blank(type, from, records.switchId, 'delivered'), receivedAt: at }));
  hop.leg = leg;
  hop.message = legMessageName(type, leg);
  hop.code = respCode;
  if (note) hop.notes.push(note);
};

/** The payer PSP's ReqPay PAY, which every payment starts with. */
const payRequest = (book: HopBook, records: TraceRecords): TraceHop | undefined =>
  book.find('upi.ReqPay.PAY.v1', records.payment?.payment.payerPsp, records.switchId, () => true);

/** The latest request the switch sent for `leg`. */
const lastRequest = (book: HopBook, records: TraceRecords, leg: LegKind): TraceHop | undefined =>
  book
    .all()
    .filter((h) => h.type === REQUEST_TYPE[leg] && h.from === records.switchId && h.leg === leg)
    .sort((a, b) => timeOf(b).localeCompare(timeOf(a)))[0];

/** The switch's final answer (RespPay PAY) and its confirmation to the payee's PSP. */
const addCompletion = (
  book: HopBook,
  records: TraceRecords,
  event: Extract<PaymentEvent, { type: 'PaymentCompleted' }>,
): void => {
  const payment = records.payment?.payment;
  if (!payment) return;
  const sent = (type: string, to: string): TraceHop => {
    const hop =
      book.find(type, records.switchId, to, () => true) ??
      book.hop(null, () => blank(type, records.switchId, to, 'in flight'));
    if (hop.sentAt === null) book.sent(hop, event.at);
    return hop;
  };
  const answer = sent('upi.RespPay.PAY.v1', payment.payerPsp);
  answer.code = event.errCode ?? '00';
  answer.notes.push(`${event.finalStatus} (switch: ${event.status})`);
  if (payment.payeePsp !== undefined && payment.legs.AUTH !== undefined)
    sent('upi.ReqTxnConfirmation.v1', payment.payeePsp);
};

/** What the switch's event log adds: its requests' ids and times, the codes of the answers it got. */
const addSwitchEvents = (book: HopBook, records: TraceRecords): void => {
  const { switchId } = records;
  for (const event of records.events) {
    switch (event.type) {
      case 'PaymentInitiated': {
        const hop = book.hop(event.payerMessageId, () =>
          blank('upi.ReqPay.PAY.v1', event.payerPsp, switchId, 'delivered'),
        );
        hop.sentAt ??= records.acceptedAt ?? null;
        hop.notes.push(`${event.payer.addr} → ${event.payee.addr}, ₹${(event.amountMinor / 100).toFixed(2)}`);
        break;
      }
      case 'LegRequested': {
        const hop = book.hop(event.messageId, () =>
          blank(REQUEST_TYPE[event.leg], switchId, event.participant, 'in flight'),
        );
        hop.leg = event.leg;
        hop.message = legMessageName(hop.type, event.leg);
        book.sent(hop, event.at);
        if (event.rrn !== undefined) hop.notes.push(`RRN ${event.rrn}`);
        if (event.reason !== undefined) hop.notes.push(`reversal: ${event.reason}`);
        break;
      }
      case 'PayeeResolved':
        codeResponse(book, records, 'AUTH', '00', event.at, 'payee resolved');
        break;
      case 'LegAnswered':
        codeResponse(book, records, event.leg, event.respCode, event.at);
        break;
      case 'LateResponseRecorded':
        codeResponse(book, records, event.leg, event.respCode, event.at, 'late: after its timer (U70)');
        break;
      case 'LegTimedOut': {
        const hop = book.find(TIMEOUT_TYPE, switchId, switchId, (h) => h.leg === null);
        if (hop) {
          hop.leg = event.leg;
          hop.message = `TimeoutElapsed ${event.leg}`;
          hop.notes.push(`${event.leg} timed out`);
        }
        break;
      }
      case 'PaymentCompleted':
        addCompletion(book, records, event);
        break;
      case 'TxnConfirmationRecorded': {
        const payeePsp = records.payment?.payment.payeePsp;
        const hop = payeePsp
          ? book.find('upi.RespTxnConfirmation.v1', payeePsp, switchId, () => true)
          : undefined;
        hop?.notes.push(`confirmation ${event.result}`);
        break;
      }
      case 'LegRetryScheduled':
        lastRequest(book, records, event.leg)?.notes.push(`${event.leg} to be sent again`);
        break;
      case 'BankUnavailable':
        payRequest(book, records)?.notes.push(
          `${event.bank} unavailable (circuit breaker open): declined at once, ${event.role === 'REMITTER' ? 'U90' : 'U91'}`,
        );
        break;
      case 'PaymentResolved':
        payRequest(book, records)?.notes.push(
          `resolved ${event.status} by ${event.by}: ${event.finalStatus}${event.errCode ? ` ${event.errCode}` : ''}`,
        );
        break;
      case 'StatusChecked': {
        const check = book.find('upi.ReqChkTxn.v1', event.asker, switchId, (h) => h.notes.length === 0);
        check?.notes.push(`check ${event.count}: ${event.status}`);
        break;
      }
    }
  }
};

const LEG_OF_BANK: Partial<Record<string, LegKind>> = {
  DEBIT: 'DEBIT',
  CREDIT: 'CREDIT',
  DEBIT_REVERSAL: 'DEBIT_REVERSAL',
  CREDIT_REVERSAL: 'CREDIT_REVERSAL',
};

/** Each bank's answer to each leg — seen even before the switch has it. */
const addBankLegs = (book: HopBook, records: TraceRecords): void => {
  for (const [bank, legs] of records.bankLegs) {
    for (const legRecord of legs) {
      const leg = LEG_OF_BANK[legRecord.leg];
      if (!leg) continue;
      const answered = `${bank}: ${legRecord.status} ${legRecord.respCode}`;
      book.find(REQUEST_TYPE[leg], records.switchId, bank, (h) => h.leg === leg)?.notes.push(answered);
      const type = RESPONSE_TYPE[leg];
      const response =
        book.find(type, bank, records.switchId, (h) => h.leg === leg) ??
        book.find(type, bank, records.switchId, (h) => h.leg === null) ??
        book.hop(null, () => blank(type, bank, records.switchId, 'in flight'));
      response.leg = leg;
      response.code ??= legRecord.respCode;
      response.sentAt ??= iso(legRecord.createdAt);
    }
  }
};

const addDeadlines = (book: HopBook, records: TraceRecords): void => {
  for (const [participant, { deadlines }] of records.messaging) {
    for (const d of deadlines) {
      const hop = book.hop(d.messageId, () => blank(TIMEOUT_TYPE, participant, participant, 'timer armed'));
      hop.message = `timer ${d.leg}`;
      hop.leg = d.leg;
      hop.sentAt ??= iso(d.armedAt);
      hop.notes.push(`due ${iso(d.dueAt)}`);
    }
  }
};

/** Every hop of the payment, in time order (when it left, else when it arrived). */
export const traceHops = (records: TraceRecords): TraceHop[] => {
  const book = new HopBook();
  addRecordedMessages(book, records);
  addSwitchEvents(book, records);
  addBankLegs(book, records);
  addDeadlines(book, records);
  return book
    .all()
    .sort(
      (a, b) =>
        timeOf(a).localeCompare(timeOf(b)) ||
        book.order(a) - book.order(b) ||
        (a.receivedAt ?? '').localeCompare(b.receivedAt ?? ''),
    );
};
