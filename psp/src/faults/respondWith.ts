/**
 * Failure injection's `respond` for the PSP (docs/failures.md): answer the switch's address resolution
 * (ReqAuthDetails) or validation (ReqValAdd) with FAILURE and a given errCode, without looking the VPA up —
 * the same reply builders as the handlers, with the code put in.
 */
import type { Message, ReqAuthDetails, ReqValAdd } from '@switchyard/contracts';
import type { Tx } from '@switchyard/infra';
import type { FaultResponders, MessageContext } from '@switchyard/outbox';
import { respAuthDetailsFor } from '../domain/messages/respAuthDetailsFor.ts';
import { respValAddFor } from '../domain/messages/respValAddFor.ts';
import { SWITCH } from '../domain/types.ts';
import type { ReplyDeps } from '../handlers/replyDeps.ts';

const withCode = <M extends { resp: object }>(reply: M, errCode: string): M => ({
  ...reply,
  resp: { ...reply.resp, result: 'FAILURE', errCode },
});

export const pspResponders = (deps: ReplyDeps): FaultResponders => {
  const send = async (
    tx: Tx,
    context: MessageContext,
    txnId: string,
    build: (input: { participant: string; messageId: string; now: Date; payee: undefined }) => Message,
  ): Promise<void> => {
    const messageId = deps.newMessageId();
    const message = build({ participant: deps.participant, messageId, now: deps.now(), payee: undefined });
    await deps.outbox.enqueue(tx, {
      recipient: SWITCH,
      message,
      messageId,
      correlationId: txnId,
      causationId: context.messageId,
    });
  };
  return {
    'upi.ReqAuthDetails.v1': async (tx, message, context, code) => {
      const request = message as ReqAuthDetails;
      await send(tx, context, request.txn.id, (input) =>
        withCode(respAuthDetailsFor({ ...input, request }), code),
      );
    },
    'upi.ReqValAdd.v1': async (tx, message, context, code) => {
      const request = message as ReqValAdd;
      await send(tx, context, request.txn.id, (input) =>
        withCode(respValAddFor({ ...input, request }), code),
      );
    },
  };
};
