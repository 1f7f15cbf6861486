/**
 * RespAuthDetails (docs/upi.md §4 step 2): a decline fails the payment with U29 and the PSP's code; a payee
 * account equal to the payer's fails with U96; an IFSC no bank owns fails with U78; otherwise the debit
 * goes to the remitter bank with a fresh RRN — unless a bank's circuit breaker is open: U90 (remitter)
 * or U91 (beneficiary), declined at once without a leg.
 */
import type { PaymentState } from './payment.ts';
import type { AnswerAuthDetails } from './paymentCommands.ts';
import { acceptResponse } from './acceptResponse.ts';
import { accepted, failed, rejected, type PaymentDecision } from './paymentDecision.ts';
import { SwitchCodes } from './switchCodes.ts';

export const decideAuthDetails = (
  state: PaymentState,
  command: AnswerAuthDetails,
  now: Date,
): PaymentDecision => {
  const respCode = command.result === 'SUCCESS' ? '00' : (command.errCode ?? SwitchCodes.INVALID_VPA);
  const check = acceptResponse(
    state,
    {
      leg: 'AUTH',
      sender: command.sender,
      requestMessageId: command.requestMessageId,
      result: command.result,
      respCode,
    },
    now,
  );
  if (check.kind === 'rejected') return rejected(check.rejection);
  if (check.kind === 'late') return accepted(check.event);
  const at = now.toISOString();
  const { payment } = check;
  const payee = command.payee;
  if (command.result !== 'SUCCESS' || payee === undefined) {
    const code = command.result === 'SUCCESS' ? SwitchCodes.INVALID_VPA : respCode;
    return accepted(
      { type: 'LegAnswered', at, leg: 'AUTH', result: 'FAILURE', respCode: code },
      failed(at, SwitchCodes.ADDRESS_RESOLUTION_FAILED, { payeeRespCode: code }),
    );
  }
  const resolved = {
    type: 'PayeeResolved' as const,
    at,
    payee,
    ...(command.beneficiaryBank !== undefined ? { beneficiaryBank: command.beneficiaryBank } : {}),
  };
  if (payee.ac.acNum === payment.payer.ac.acNum && payee.ac.ifsc === payment.payer.ac.ifsc) {
    return accepted(
      resolved,
      failed(at, SwitchCodes.SAME_ACCOUNT, { payeeRespCode: SwitchCodes.SAME_ACCOUNT_LEG }),
    );
  }
  if (command.beneficiaryBank === undefined)
    return accepted(resolved, failed(at, SwitchCodes.BENEFICIARY_BANK_OFFLINE));
  const unavailable = command.unavailableBanks ?? [];
  if (payment.remitterBank !== undefined && unavailable.includes(payment.remitterBank)) {
    return accepted(
      resolved,
      { type: 'BankUnavailable', at, bank: payment.remitterBank, role: 'REMITTER' },
      failed(at, SwitchCodes.REMITTER_BANK_SLOW),
    );
  }
  if (unavailable.includes(command.beneficiaryBank)) {
    return accepted(
      resolved,
      { type: 'BankUnavailable', at, bank: command.beneficiaryBank, role: 'BENEFICIARY' },
      failed(at, SwitchCodes.BENEFICIARY_BANK_SLOW),
    );
  }
  /* c8 ignore next - unreachable: decideStart fails a payment without a remitter bank before any auth */
  if (payment.remitterBank === undefined) throw new Error(`payment ${payment.txnId} has no remitter bank`);
  if (command.rrn === undefined) throw new Error(`payment ${payment.txnId}: the debit needs an RRN`);
  return accepted(resolved, {
    type: 'LegRequested',
    at,
    leg: 'DEBIT',
    messageId: command.nextMessageId,
    participant: payment.remitterBank,
    rrn: command.rrn,
  });
};
