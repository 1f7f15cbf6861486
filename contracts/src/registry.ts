/**
 * The message registry: every message type the network carries, its schema, a compiled validator and
 * `decode()`. Nothing unvalidated reaches a handler: consumers call decode() on every opened envelope.
 */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { ReqChkTxn, RespChkTxn } from './messages/chkTxn.ts';
import { ReqListAccount, RespListAccount } from './messages/listAccount.ts';
import { ReqOtp, RespOtp } from './messages/otp.ts';
import { ReqAuthDetails } from './messages/reqAuthDetails.ts';
import { ReqPayCredit } from './messages/reqPayCredit.ts';
import { ReqPayDebit } from './messages/reqPayDebit.ts';
import { ReqPayPay } from './messages/reqPayPay.ts';
import { ReqPayReversal } from './messages/reqPayReversal.ts';
import { ReqValAdd } from './messages/reqValAdd.ts';
import { RespAuthDetails } from './messages/respAuthDetails.ts';
import { RespPayFinal } from './messages/respPayFinal.ts';
import { RespPayCredit, RespPayDebit, RespPayReversal } from './messages/respPayLeg.ts';
import {
  ReqAutoReversal,
  ReqChkTxnCredit,
  RespAutoReversal,
  RespChkTxnCredit,
} from './messages/resolution.ts';
import { RespValAdd } from './messages/respValAdd.ts';
import { ReqSetCre, RespSetCre } from './messages/setCre.ts';
import { TimeoutElapsed } from './messages/timeout.ts';
import { ReqTxnConfirmation, RespTxnConfirmation } from './messages/txnConfirmation.ts';

export const messageSchemas = {
  'upi.ReqPay.PAY.v1': ReqPayPay,
  'upi.RespPay.PAY.v1': RespPayFinal,
  'upi.ReqAuthDetails.v1': ReqAuthDetails,
  'upi.RespAuthDetails.v1': RespAuthDetails,
  'upi.ReqValAdd.v1': ReqValAdd,
  'upi.RespValAdd.v1': RespValAdd,
  'upi.ReqPay.DEBIT.v1': ReqPayDebit,
  'upi.RespPay.DEBIT.v1': RespPayDebit,
  'upi.ReqPay.CREDIT.v1': ReqPayCredit,
  'upi.RespPay.CREDIT.v1': RespPayCredit,
  'upi.ReqPay.REVERSAL.v1': ReqPayReversal,
  'upi.RespPay.REVERSAL.v1': RespPayReversal,
  'upi.ReqTxnConfirmation.v1': ReqTxnConfirmation,
  'upi.RespTxnConfirmation.v1': RespTxnConfirmation,
  'upi.ReqChkTxn.v1': ReqChkTxn,
  'upi.RespChkTxn.v1': RespChkTxn,
  'upi.ReqListAccount.v1': ReqListAccount,
  'upi.RespListAccount.v1': RespListAccount,
  'upi.ReqSetCre.v1': ReqSetCre,
  'upi.RespSetCre.v1': RespSetCre,
  'upi.ReqOtp.v1': ReqOtp,
  'upi.RespOtp.v1': RespOtp,
  'upi.ReqChkTxn.CREDIT.v1': ReqChkTxnCredit,
  'upi.RespChkTxn.CREDIT.v1': RespChkTxnCredit,
  'upi.ReqAutoReversal.v1': ReqAutoReversal,
  'upi.RespAutoReversal.v1': RespAutoReversal,
  'switch.TimeoutElapsed.v1': TimeoutElapsed,
} as const satisfies Record<string, TSchema>;

export type MessageType = keyof typeof messageSchemas;
export type MessageOf<T extends MessageType> = Static<(typeof messageSchemas)[T]>;
/** Any message of the network, discriminated by `type`. */
export type Message = { [T in MessageType]: MessageOf<T> }[MessageType];

export const messageTypes = Object.keys(messageSchemas) as MessageType[];

export const isMessageType = (value: unknown): value is MessageType =>
  typeof value === 'string' && Object.hasOwn(messageSchemas, value);

const validators = new Map(messageTypes.map((type) => [type, Compile(messageSchemas[type])]));

export type DecodeError = { path: string; message: string };
export type DecodeResult<M = Message> = { ok: true; message: M } | { ok: false; errors: DecodeError[] };

const ERRORS_MAX = 10;

/**
 * Validates an already-parsed value as a message of the type it names (or of `expectedType`).
 * Never throws: an unknown type, a type mismatch or a schema violation comes back as errors.
 */
export const decode = (value: unknown, expectedType?: MessageType): DecodeResult => {
  const type = (value as { type?: unknown } | null)?.type;
  if (!isMessageType(type))
    return { ok: false, errors: [{ path: '/type', message: `unknown message type ${String(type)}` }] };
  if (expectedType !== undefined && type !== expectedType) {
    return { ok: false, errors: [{ path: '/type', message: `expected ${expectedType}, got ${type}` }] };
  }
  const validator = validators.get(type)!;
  if (validator.Check(value)) return { ok: true, message: value as Message };
  const errors: DecodeError[] = [];
  for (const error of validator.Errors(value)) {
    if (error.keyword === 'boolean') continue; // the additionalProperties echo; the real error follows
    if (error.keyword === 'additionalProperties') {
      // name each unknown field in the path: "/txn/extra unknown field", not "/txn must not have …"
      const names = (error.params as { additionalProperties?: unknown }).additionalProperties;
      for (const name of Array.isArray(names) ? names : ['?'])
        errors.push({ path: `${error.instancePath}/${String(name)}`, message: 'unknown field' });
    } else {
      errors.push({ path: error.instancePath || '/', message: error.message });
    }
    if (errors.length >= ERRORS_MAX) break;
  }
  return { ok: false, errors };
};

/** decode() for bytes: JSON parse errors become decode errors too. */
export const decodeJson = (text: string, expectedType?: MessageType): DecodeResult => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: '/', message: `invalid JSON: ${(error as Error).message}` }] };
  }
  return decode(value, expectedType);
};
