/**
 * ReqPay PAY (docs/upi.md §4 step 1): refuse a duplicate txn id without touching the original, fail over the
 * P2P cap (U02) or without a route (U29/ZH unknown payee handle, U28 unknown remitter bank), else ask the
 * payee's PSP to resolve the payee (ReqAuthDetails). A remitter bank whose circuit breaker is open declines
 * at once: U90 (TD).
 */
import type { PaymentState } from './payment.ts';
import type { PaymentInitiated } from './paymentEvents.ts';
import type { StartPayment } from './paymentCommands.ts';
import { accepted, failed, rejected, type PaymentDecision } from './paymentDecision.ts';
import { SwitchCodes } from './switchCodes.ts';

export const decideStart = (state: PaymentState, command: StartPayment, now: Date): PaymentDecision => {
  if (state.status !== 'NEW') return rejected('duplicate_txn');
  const at = now.toISOString();
  const { request } = command;
  const initiated: PaymentInitiated = {
    type: 'PaymentInitiated',
    at,
    txnId: request.txnId,
    payerPsp: command.sender,
    payerMessageId: request.messageId,
    payer: request.payer,
    payee: request.payee,
    amountMinor: request.amountMinor,
    note: request.note,
  };
  if (command.payeePsp !== undefined) initiated.payeePsp = command.payeePsp;
  if (command.remitterBank !== undefined) initiated.remitterBank = command.remitterBank;
  if (request.amountMinor > command.amountMinorMax)
    return accepted(initiated, failed(at, SwitchCodes.AMOUNT_CAP));
  if (command.payeePsp === undefined) {
    return accepted(
      initiated,
      failed(at, SwitchCodes.ADDRESS_RESOLUTION_FAILED, { payeeRespCode: SwitchCodes.INVALID_VPA }),
    );
  }
  if (command.remitterBank === undefined)
    return accepted(initiated, failed(at, SwitchCodes.REMITTER_BANK_UNAVAILABLE));
  if (command.unavailableBanks?.includes(command.remitterBank) === true) {
    return accepted(
      initiated,
      { type: 'BankUnavailable', at, bank: command.remitterBank, role: 'REMITTER' },
      failed(at, SwitchCodes.REMITTER_BANK_SLOW),
    );
  }
  return accepted(initiated, {
    type: 'LegRequested',
    at,
    leg: 'AUTH',
    messageId: command.nextMessageId,
    participant: command.payeePsp,
  });
};
