/**
 * Test support for the pure state machine: drives a payment through decide/evolve exactly as the handlers
 * do, so tests read as given (commands already applied) / when (one command) / then (events, state).
 * Every accepted decision must leave the payment waiting on one leg or terminal, never in a transient status.
 */
import { expect } from 'chai';
import { decide } from '../../src/domain/decide.ts';
import { evolve } from '../../src/domain/evolve.ts';
import {
  PENDING_STATUSES,
  TERMINAL_STATUSES,
  type LegKind,
  type PaymentState,
} from '../../src/domain/payment.ts';
import type { PaymentEvent } from '../../src/domain/paymentEvents.ts';
import type {
  AnswerAuthDetails,
  AnswerLeg,
  ElapseTimer,
  PaymentCommand,
  StartPayment,
} from '../../src/domain/paymentCommands.ts';
import type { ResolutionPolicy } from '../../src/domain/payment.ts';
import type { PaymentDecision } from '../../src/domain/paymentDecision.ts';

export const TXN_ID = 'ZAP' + 'A'.repeat(32);
export const PAYER_PSP = 'psp.zap';
export const PAYEE_PSP = 'psp.kite';
export const REMITTER = 'bank.lotus';
export const BENEFICIARY = 'bank.banyan';
export const AMOUNT = 25_000;
export const CAP = 10_000_000;
export const PAYER_AC = { acNum: '100000000001', ifsc: 'LOTS0000001' };
export const PAYEE_AC = { acNum: '200000000001', ifsc: 'BNYN0000001' };
const T0 = new Date('2026-03-01T10:00:00.000Z');
/** The resolution policy of every test command: a 1 h window, 3 debit reversal attempts. */
export const POLICY: ResolutionPolicy = { windowMs: 3_600_000, reversalAttemptsMax: 3 };

let counter = 0;
export const nextId = (): string => `01JD${String(++counter).padStart(22, '0')}`;

export const startCommand = (overrides: Partial<StartPayment> = {}, amountMinor = AMOUNT): StartPayment => ({
  type: 'StartPayment',
  request: {
    txnId: TXN_ID,
    messageId: 'REQPAYMSG0001',
    payer: { addr: 'asha@zap', name: 'Asha Rao', ac: PAYER_AC },
    payee: { addr: 'vikram@kite' },
    amountMinor,
    note: 'dinner',
  },
  sender: PAYER_PSP,
  payeePsp: PAYEE_PSP,
  remitterBank: REMITTER,
  amountMinorMax: CAP,
  nextMessageId: nextId(),
  ...overrides,
});

export class PaymentDriver {
  state: PaymentState = { status: 'NEW' };
  history: PaymentEvent[] = [];
  now = T0;

  /** Applies a command (advancing the clock by `elapsedMs`); returns the decision. */
  apply(command: PaymentCommand, elapsedMs = 100): PaymentDecision {
    this.now = new Date(this.now.getTime() + elapsedMs);
    const decision = decide(this.state, command, this.now);
    if (decision.ok) {
      for (const event of decision.events) this.state = evolve(this.state, event);
      this.history.push(...decision.events);
      expect([...PENDING_STATUSES, ...TERMINAL_STATUSES] as string[]).to.include(this.state.status);
    }
    return decision;
  }

  /** Applies a command that must be accepted; returns its events. */
  accept(command: PaymentCommand, elapsedMs?: number): PaymentEvent[] {
    const decision = this.apply(command, elapsedMs);
    if (!decision.ok) throw new Error(`rejected: ${decision.rejection}`);
    return decision.events;
  }

  legMessageId(leg: LegKind): string {
    if (this.state.status === 'NEW') throw new Error('no payment');
    const request = this.state.payment.legs[leg];
    if (request === undefined) throw new Error(`no ${leg} leg`);
    return request.messageId;
  }

  authOk(
    payee = { addr: 'vikram@kite', name: 'Vikram Singh', ac: PAYEE_AC },
    beneficiaryBank: string | null = BENEFICIARY,
  ): AnswerAuthDetails {
    return {
      type: 'AnswerAuthDetails',
      sender: PAYEE_PSP,
      requestMessageId: this.legMessageId('AUTH'),
      result: 'SUCCESS',
      payee,
      ...(beneficiaryBank !== null ? { beneficiaryBank } : {}),
      rrn: '606000000042',
      nextMessageId: nextId(),
    };
  }

  authDeclined(errCode: string): PaymentCommand {
    return {
      type: 'AnswerAuthDetails',
      sender: PAYEE_PSP,
      requestMessageId: this.legMessageId('AUTH'),
      result: 'FAILURE',
      errCode,
      rrn: '606000000043',
      nextMessageId: nextId(),
    };
  }

  answer(leg: AnswerLeg['leg'], respCode: string, overrides: Partial<AnswerLeg> = {}): AnswerLeg {
    const sender =
      leg === 'DEBIT' || leg === 'DEBIT_REVERSAL' || leg === 'AUTO_REVERSAL' ? REMITTER : BENEFICIARY;
    return {
      type: 'AnswerLeg',
      policy: POLICY,
      leg,
      sender,
      requestMessageId: this.legMessageId(leg),
      result: respCode === '00' ? 'SUCCESS' : 'FAILURE',
      respCode,
      ...(respCode === '00' ? { approvalNum: 'APR001' } : {}),
      nextMessageId: nextId(),
      ...overrides,
    };
  }

  timeout(leg: LegKind): ElapseTimer {
    return {
      type: 'ElapseTimer',
      leg,
      legMessageId: this.legMessageId(leg),
      nextMessageId: nextId(),
      policy: POLICY,
    };
  }

  /** Given: started and resolved, debit pending. */
  static debitPending(): PaymentDriver {
    const driver = new PaymentDriver();
    driver.accept(startCommand());
    driver.accept(driver.authOk());
    return driver;
  }

  /** Given: debited, credit pending. */
  static creditPending(): PaymentDriver {
    const driver = PaymentDriver.debitPending();
    driver.accept(driver.answer('DEBIT', '00'));
    return driver;
  }

  get final() {
    if (!('final' in this.state)) throw new Error(`not terminal: ${this.state.status}`);
    return this.state.final;
  }

  get payment() {
    if (this.state.status === 'NEW') throw new Error('no payment');
    return this.state.payment;
  }
}

export const types = (events: readonly PaymentEvent[]): string[] => events.map((event) => event.type);
