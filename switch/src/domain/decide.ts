/**
 * decide(state, command, now) → events | rejection: every rule of the payment state machine, pure.
 * Time and ids arrive as parameters; nothing here reads a clock, a database or the network.
 */
import { isTerminal, type PaymentState } from './payment.ts';
import type { PaymentCommand } from './paymentCommands.ts';
import { decideAuthDetails } from './decideAuthDetails.ts';
import { decideLegAnswer } from './decideLegAnswer.ts';
import { decideStart } from './decideStart.ts';
import { decideTimeout } from './decideTimeout.ts';
import { accepted, rejected, type PaymentDecision } from './paymentDecision.ts';

export const decide = (state: PaymentState, command: PaymentCommand, now: Date): PaymentDecision => {
  switch (command.type) {
    case 'StartPayment':
      return decideStart(state, command, now);
    case 'AnswerAuthDetails':
      return decideAuthDetails(state, command, now);
    case 'AnswerLeg':
      return decideLegAnswer(state, command, now);
    case 'ElapseTimer':
      return decideTimeout(state, command, now);
    case 'RecordTxnConfirmation':
      if (state.status === 'NEW') return rejected('unknown_payment');
      if (!isTerminal(state.status)) return rejected('unexpected_response');
      if (command.sender !== state.payment.payeePsp || state.payment.legs.AUTH === undefined)
        return rejected('wrong_sender');
      if (state.payment.confirmation !== undefined) return rejected('response_already_received');
      return accepted({ type: 'TxnConfirmationRecorded', at: now.toISOString(), result: command.result });
  }
};
