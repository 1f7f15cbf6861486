export * from './primitives.ts';
export * from './registry.ts';
export * from './codes.ts';
export * from './ids.ts';
export * from './head.ts';
export * from './routing.ts';
export * from './sms.ts';
export * from './permissions.ts';
export * from './amounts.ts';
export * from './crypto/types.ts';
export {
  CryptoError,
  type CryptoErrorCode,
  ENVELOPE_BYTES_MAX,
  REPLAY_WINDOW_MS_DEFAULT,
  FUTURE_SKEW_MS_DEFAULT,
  createSealer,
  createOpener,
  amqpHeadersFor,
  type OpenerOptions,
} from './crypto/envelope.ts';
export * from './crypto/creds.ts';
export * from './crypto/keyFiles.ts';
export type { ReqPayPay } from './messages/reqPayPay.ts';
export type { ReqAuthDetails } from './messages/reqAuthDetails.ts';
export type { RespAuthDetails } from './messages/respAuthDetails.ts';
export type { ReqValAdd } from './messages/reqValAdd.ts';
export type { RespValAdd } from './messages/respValAdd.ts';
export type { ReqPayDebit } from './messages/reqPayDebit.ts';
export type { ReqPayCredit } from './messages/reqPayCredit.ts';
export type { ReqPayReversal } from './messages/reqPayReversal.ts';
export type { RespPayDebit, RespPayCredit, RespPayReversal } from './messages/respPayLeg.ts';
export type { RespPayFinal, FinalStatus } from './messages/respPayFinal.ts';
export type { ReqTxnConfirmation, RespTxnConfirmation } from './messages/txnConfirmation.ts';
export type { ReqChkTxn, RespChkTxn, TxnStatus } from './messages/chkTxn.ts';
export type { TimeoutElapsed } from './messages/timeout.ts';
export type {
  ReqChkTxnCredit,
  RespChkTxnCredit,
  ReqAutoReversal,
  RespAutoReversal,
} from './messages/resolution.ts';
export type { ReqListAccount, RespListAccount, ListedAccount } from './messages/listAccount.ts';
export type { ReqSetCre, RespSetCre } from './messages/setCre.ts';
export type { ReqOtp, RespOtp } from './messages/otp.ts';
export * from './fixtures.ts';
export * from './crypto/participantCrypto.ts';
export * from './intents/index.ts';
