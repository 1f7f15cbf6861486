/**
 * What a decline means to the person holding the phone: a sentence per UPI code (meanings from contracts
 * codes.ts, docs/upi.md §7), never a bare code. A payment's switch code (U30, U31…) says which side failed;
 * the leg's code underneath says why, so the leg's code is read first.
 */
import { codeInfo } from '@switchyard/contracts/client';
import type { PaymentView } from '@switchyard/psp';

const messages: Readonly<Record<string, string>> = {
  // the payer's bank, on the debit
  ZM: 'Wrong UPI PIN. Your bank locks the PIN after 3 wrong tries in a row.',
  Z6: 'Your UPI PIN is locked after too many wrong tries. Try again in 24 hours, or reset it with your debit card.',
  AM: 'You have not set a UPI PIN for this account yet. Set one with your debit card first.',
  Z9: 'Not enough balance in your account for this payment.',
  Z8: 'This amount is above the limit your bank allows for one payment.',
  ZU: 'You have reached the daily limit your bank allows. Try again tomorrow.',
  Z7: 'Too many payments in a short time. Try again later.',
  FL: 'First-day limit reached for a new UPI user.',
  FP: 'New UPI users cannot send this much yet.',
  XH: 'Your bank could not find this account.',
  ZX: 'Your account is inactive. Contact your bank.',
  YE: 'Your account is blocked. Contact your bank.',
  XB: 'Your bank could not verify this payment. Please try again.',
  B1: 'The mobile number registered with your bank has changed. Update it at your bank.',
  B3: 'This account cannot be used for UPI payments.',
  // the payee's side
  ZH: "No one has this UPI ID. Check the payee's address.",
  XI: "The payee's bank account does not exist. Any money taken has been returned.",
  ZY: "The payee's account is inactive. Any money taken has been returned.",
  YF: "The payee's account is blocked. Any money taken has been returned.",
  ZG: 'The payee does not accept payments at this UPI ID.',
  ZE: "The payee's app does not allow this payment.",
  UX: 'This UPI ID has expired.',
  RA: 'You cannot pay your own account.',
  // the switch
  U02: 'This amount is above the UPI limit for one payment (₹1,00,000).',
  U28: 'Your bank is not available right now. Try again later.',
  U29: "The payee's address could not be verified.",
  U27: "The payee's app did not answer in time. No money was taken.",
  U67: 'Your bank took too long to answer. The payment did not go through; if money left your account, it comes back automatically.',
  U68: "The payee's bank took too long to answer. Any money taken has been returned.",
  U33: 'The payment could not be completed and your bank has not confirmed the refund yet. Do not pay again; check its status later.',
  U78: "The payee's bank is not available right now. Try again later.",
  U93: "The payee's app is not available right now. Try again later.",
  U96: 'You cannot pay your own account.',
  // PIN set with card and code (ReqOtp, ReqSetCre)
  XN: 'The card details do not match what your bank has on record.',
  ZR: 'The code is not right. Check the SMS from your bank and try again.',
  ZS: 'The code has expired. Ask for a new one.',
  ZT: 'Too many wrong attempts: your bank has locked PIN setting for 24 hours.',
};

const DEEMED =
  'The banks have not confirmed this payment yet. Do not pay again: it will be settled, and your money is safe.';

/** A sentence for one UPI code; a technical code the table does not know reads as "something went wrong". */
export const messageForCode = (code: string | null | undefined): string => {
  if (!code) return 'The payment did not go through.';
  const known = messages[code];
  if (known) return known;
  const info = codeInfo(code);
  if (info?.class === 'BD') return `The payment was declined: ${info.meaning}.`;
  return `Something went wrong on the network (code ${code}). No money was taken; please try again.`;
};

/** Why a finished payment failed (or is not yet certain), for the payer — or undefined when it succeeded. */
export const paymentProblem = (
  payment: Pick<PaymentView, 'status' | 'errCode' | 'legs'>,
): string | undefined => {
  if (payment.status === 'SUCCESS' || payment.status === 'PENDING') return undefined;
  if (payment.status === 'DEEMED') return DEEMED;
  const legCode = payment.legs.find((leg) => leg.respCode !== '00')?.respCode;
  // U30/U31 name the side; the leg's code names the reason. Timeouts are the switch's own codes.
  if ((payment.errCode === 'U30' || payment.errCode === 'U31' || payment.errCode === 'U29') && legCode)
    return messageForCode(legCode);
  return messageForCode(payment.errCode ?? legCode);
};

/** A refusal from the PSP (PspClientError's fields) as a sentence. */
export const requestProblem = (error: {
  code?: string;
  upiCode?: string;
  message: string;
  status?: number;
}): string => {
  if (error.upiCode) return messageForCode(error.upiCode);
  switch (error.code) {
    case 'PSP_ERR_OTP_INCORRECT':
      return 'The code is not right. Check the SMS and try again.';
    case 'PSP_ERR_OTP_EXPIRED':
      return 'The code has expired. Start again to get a new one.';
    case 'PSP_ERR_REGISTRATION_LOCKED':
      return 'Too many wrong codes. Start again to get a new one.';
    case 'PSP_ERR_TOO_MANY_REGISTRATIONS':
      return 'Too many attempts for this number. Wait a few minutes and try again.';
    case 'PSP_ERR_VPA_TAKEN':
      return 'This UPI ID is taken. Choose another.';
    case 'PSP_ERR_UPSTREAM_TIMEOUT':
      return 'The network took too long to answer. Please try again.';
    case 'PSP_ERR_TOO_MANY_IN_FLIGHT':
      return 'You have too many payments in progress. Wait for them to finish.';
    case 'PSP_ERR_UNAUTHENTICATED':
    case 'PSP_ERR_DEVICE_MISMATCH':
      return 'This phone is no longer registered. Register again.';
    case 'PSP_ERR_AMOUNT_INVALID':
      return 'Enter an amount in rupees, like 250 or 250.50.';
    case 'PSP_ERR_SAME_VPA':
      return 'You cannot pay yourself.';
    case undefined:
    default:
      return error.status !== undefined && error.status >= 500
        ? 'The service is not available right now. Please try again.'
        : error.message.replace(/^\w+: HTTP \d+ \S+ /, '');
  }
};
