/**
 * The switch's answer to an authentic request whose content failed its schema (issue 7: a well-signed
 * request is never dropped for its content). A request the switch answers — ReqPay PAY, ReqValAdd,
 * ReqListAccount, ReqSetCre, ReqOtp — gets its usual FAILURE answer with UPI's validation code for the part
 * of the message the first invalid field is in (contracts validationCodeFor: T01 for /txn/note, R01 for
 * /payer/name…), so the PSP that accepted the request can give it a final status. An answer has to cite a
 * valid txn id and the request's own message id; without them (or for any other type) there is nothing to
 * answer and the caller dead-letters the message. Pure: `value` is read defensively, nothing else is.
 */
import { validationCodeFor, type DecodeError, type Message, type MessageType } from '@switchyard/contracts';
import {
  listAccountRefusalOf,
  otpRefusalOf,
  setCreRefusalOf,
  valAddRefusalOf,
  type RequestRef,
} from './forwardMessages.ts';
import { respPayFinalOf, type Stamp } from './paymentMessages.ts';

const TXN_ID = /^[A-Z0-9]{3}[A-Za-z0-9]{32}$/;

export type ValidationDecline =
  | { ok: true; txnId: string; orgId: string; errCode: string; answer: (stamp: Stamp) => Message }
  | { ok: false; reason: 'not_answerable' | 'nothing_to_cite' };

const answers: Partial<Record<MessageType, (cited: RequestRef, errCode: string, stamp: Stamp) => Message>> = {
  'upi.ReqPay.PAY.v1': (cited, errCode, stamp) =>
    respPayFinalOf(
      cited.txn.id,
      cited.head.msgId,
      { result: 'FAILURE', status: 'FAILURE', errCode, refs: [] },
      stamp,
    ),
  'upi.ReqValAdd.v1': valAddRefusalOf,
  'upi.ReqListAccount.v1': listAccountRefusalOf,
  'upi.ReqSetCre.v1': setCreRefusalOf,
  'upi.ReqOtp.v1': otpRefusalOf,
};

const field = (value: unknown, part: string, name: string): unknown => {
  const parent = (value as Record<string, unknown> | null)?.[part];
  return typeof parent === 'object' && parent !== null
    ? (parent as Record<string, unknown>)[name]
    : undefined;
};

/**
 * @param messageId the sealed message id (the envelope's): the request's head.msgId must be that id
 * @param errors decode()'s errors, first one first: the first names the decline code
 */
export const validationDeclineOf = (input: {
  type: MessageType;
  value: unknown;
  messageId: string;
  errors: readonly DecodeError[];
}): ValidationDecline => {
  const answer = answers[input.type];
  if (answer === undefined) return { ok: false, reason: 'not_answerable' };
  const txnId = field(input.value, 'txn', 'id');
  const orgId = field(input.value, 'head', 'orgId');
  if (
    field(input.value, 'head', 'msgId') !== input.messageId ||
    typeof txnId !== 'string' ||
    !TXN_ID.test(txnId)
  )
    return { ok: false, reason: 'nothing_to_cite' };
  const errCode = validationCodeFor(input.errors[0]?.path ?? '/');
  const cited: RequestRef = { head: { msgId: input.messageId }, txn: { id: txnId } };
  return {
    ok: true,
    txnId,
    orgId: typeof orgId === 'string' ? orgId : '',
    errCode,
    answer: (stamp) => answer(cited, errCode, stamp),
  };
};
