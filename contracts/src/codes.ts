/**
 * The UPI response-code catalogue (docs/upi.md §7): code, meaning, level and class.
 * level: txn = the switch's errCode on a transaction (U…); leg = a bank's or PSP's respCode on one leg;
 * legSwitch = a leg code the switch fills in when the leg timed out; rev = an answer to a REVERSAL;
 * chk = an answer to a status check. class: TD technical decline, BD business decline, '-' not classed.
 */
export type CodeLevel = 'txn' | 'leg' | 'legSwitch' | 'rev' | 'chk' | 'psp';
export type DeclineClass = 'TD' | 'BD' | '-';
export type CodeInfo = { code: string; meaning: string; level: CodeLevel; class: DeclineClass };

const entries: ReadonlyArray<readonly [string, string, CodeLevel, DeclineClass]> = [
  ['00', 'approved / success', 'leg', '-'],
  ['01', 'pending', 'psp', '-'],
  ['U01', 'duplicate request', 'txn', 'TD'],
  ['U02', 'amount cap exceeded', 'txn', 'BD'],
  ['U03', 'net debit cap exceeded', 'txn', 'BD'],
  ['U16', 'risk threshold exceeded', 'txn', 'BD'],
  ['U19', 'request authorisation declined', 'txn', 'BD'],
  ['U20', 'request authorisation timed out', 'txn', 'TD'],
  ['U27', 'no response from PSP', 'txn', 'TD'],
  ['U28', 'remitter bank not available', 'txn', 'TD'],
  ['U29', 'address resolution failed', 'txn', 'BD'],
  ['U30', 'debit has been failed', 'txn', '-'],
  ['U31', 'credit has been failed', 'txn', '-'],
  ['U32', 'credit revert failed', 'txn', 'TD'],
  ['U33', 'debit revert failed', 'txn', 'TD'],
  ['U34', 'reverted', 'txn', '-'],
  ['U35', 'response already received', 'txn', 'TD'],
  ['U36', 'request already sent', 'txn', 'TD'],
  ['U38', 'response already sent', 'txn', 'TD'],
  ['U48', 'transaction id not present', 'txn', '-'],
  ['U66', 'device fingerprint mismatch', 'txn', 'BD'],
  ['U67', 'debit timeout', 'txn', 'TD'],
  ['U68', 'credit timeout', 'txn', 'TD'],
  ['U69', 'collect expired', 'txn', '-'],
  ['U70', 'received late response', 'txn', 'TD'],
  ['U78', 'beneficiary bank offline', 'txn', 'TD'],
  ['U80', 'payer PSP throttle decline', 'txn', 'TD'],
  ['U86', 'remitter bank throttling decline', 'txn', 'TD'],
  ['U89', 'beneficiary bank throttling decline', 'txn', 'TD'],
  ['U90', 'remitter bank deemed high response time', 'txn', 'TD'],
  ['U91', 'beneficiary bank deemed high response time', 'txn', 'TD'],
  ['U92', 'payer PSP not available', 'txn', 'TD'],
  ['U93', 'payee PSP not available', 'txn', 'TD'],
  ['U94', 'payee PSP throttle decline', 'txn', 'TD'],
  ['U96', 'payer and payee account are the same', 'txn', 'BD'],
  ['ZM', 'invalid / incorrect PIN', 'leg', 'BD'],
  ['Z6', 'number of PIN tries exceeded', 'leg', 'BD'],
  ['AM', 'PIN not set by customer', 'leg', 'BD'],
  ['ZA', 'declined by customer', 'psp', 'BD'],
  ['FL', 'first-transaction limit exceeded', 'leg', 'BD'],
  ['FP', 'freeze period for first-time user', 'leg', 'BD'],
  ['Z9', 'insufficient funds', 'leg', 'BD'],
  ['Z8', 'per-transaction limit exceeded', 'leg', 'BD'],
  ['Z7', 'transaction-frequency limit exceeded', 'leg', 'BD'],
  ['ZU', 'limit exceeded for remitting bank', 'leg', 'BD'],
  ['XH', 'remitter account does not exist', 'leg', 'BD'],
  ['XI', 'beneficiary account does not exist', 'leg', 'BD'],
  ['ZX', 'remitter account inactive or dormant', 'leg', 'BD'],
  ['ZY', 'beneficiary account inactive or dormant', 'leg', 'BD'],
  ['YE', 'remitter account blocked / frozen', 'leg', 'BD'],
  ['YF', 'beneficiary account blocked / frozen', 'leg', 'BD'],
  ['B1', 'registered mobile changed or removed', 'leg', 'BD'],
  ['B3', 'transaction not permitted to the account', 'leg', 'BD'],
  ['RA', 'payer and payee account are the same', 'leg', 'BD'],
  ['XB', 'invalid transaction (remitter)', 'leg', 'BD'],
  ['XC', 'invalid transaction (beneficiary)', 'leg', 'BD'],
  ['ZH', 'invalid VPA', 'leg', 'BD'],
  ['ZG', 'VPA restricted by customer', 'leg', 'BD'],
  ['ZE', 'transaction not permitted to VPA by the PSP', 'leg', 'BD'],
  ['UX', 'expired VPA', 'leg', 'BD'],
  ['XY', 'remitter CBS offline', 'leg', 'TD'],
  ['Y1', 'beneficiary CBS offline', 'leg', 'TD'],
  ['XT', 'cut-off in process (remitter)', 'leg', 'TD'],
  ['XU', 'cut-off in process (beneficiary)', 'leg', 'TD'],
  ['IR', 'internal exception (remitter)', 'leg', 'TD'],
  ['UB', 'internal exception (beneficiary)', 'leg', 'TD'],
  ['HS', 'bank HSM down', 'leg', 'TD'],
  ['UP', 'PSP time-out', 'psp', 'TD'],
  ['UT', 'remitter/issuer unavailable (debit timeout)', 'legSwitch', 'TD'],
  ['BT', 'acquirer/beneficiary unavailable (credit timeout)', 'legSwitch', 'TD'],
  ['RB', 'credit-reversal timeout: deemed', 'legSwitch', 'TD'],
  ['RR', 'debit-reversal timeout', 'legSwitch', 'TD'],
  ['RP', 'partial debit-reversal timeout', 'legSwitch', 'TD'],
  ['21', 'no action taken (full reversal)', 'legSwitch', 'TD'],
  ['32', 'partial reversal', 'legSwitch', 'TD'],
  ['96', 'reversal failure', 'rev', '-'],
  ['CS', 'credit success', 'rev', '-'],
  ['NC', 'credit not done', 'rev', '-'],
  ['ND', 'debit not done', 'rev', '-'],
  ['OC', 'original credit not found', 'rev', '-'],
  ['OD', 'original debit not found', 'rev', '-'],
  ['NO', 'no original request found', 'chk', '-'],
  ['DF', 'duplicate RRN at beneficiary', 'leg', 'TD'],
  ['DT', 'duplicate RRN at remitter', 'leg', 'TD'],
  // PIN set with card details + OTP (docs/upi.md §10): the bank's answers to ReqOtp and to a PIN_SET ReqSetCre.
  ['ZR', 'invalid / incorrect OTP', 'leg', 'BD'],
  ['ZS', 'OTP expired', 'leg', 'BD'],
  ['ZT', 'number of OTP tries exceeded (PIN set locked)', 'leg', 'BD'],
  ['XN', 'no card record (remitter): card details do not match', 'leg', 'BD'],
  // Message validation (docs/upi.md §7): a well-signed request whose content fails its schema is answered, not
  // dropped. UPI's families by part of the message (H head, T txn, R payer, B payee, C creds, V amount,
  // D device); the number within a family is the simulator's own. The sending PSP built an invalid message,
  // which the customer cannot fix: technical declines.
  ['U07', 'validation error (a field outside the parts below)', 'txn', 'TD'],
  ['H01', 'invalid head field', 'txn', 'TD'],
  ['T01', 'invalid txn field (note, refId, timestamps…)', 'txn', 'TD'],
  ['R01', 'invalid payer field (name, address, account…)', 'txn', 'TD'],
  ['B01', 'invalid payee field', 'txn', 'TD'],
  ['C01', 'invalid credentials block', 'txn', 'TD'],
  ['V01', 'invalid amount', 'txn', 'TD'],
  ['D01', 'invalid device tag', 'txn', 'TD'],
];

export const responseCodes: ReadonlyMap<string, CodeInfo> = new Map(
  entries.map(([code, meaning, level, cls]) => [code, { code, meaning, level, class: cls }]),
);

export const codeInfo = (code: string): CodeInfo | undefined => responseCodes.get(code);

export const isKnownCode = (code: string): boolean => responseCodes.has(code);

/**
 * A decline's class: the code's own class, or — for a switch code classed '-' (U30, U31…) — the class of
 * the leg code underneath it. An unknown code counts as technical: something the switch cannot explain.
 */
export const declineClass = (errCode: string | undefined, legCode?: string): DeclineClass => {
  if (errCode === undefined || errCode === '00') return '-';
  const own = responseCodes.get(errCode)?.class;
  if (own === 'TD' || own === 'BD') return own;
  if (own === '-' && legCode !== undefined && legCode !== '00') return declineClass(legCode);
  return own === '-' ? '-' : 'TD';
};

/** Codes with names, so code reads as prose: `Codes.INSUFFICIENT_FUNDS`. */
export const Codes = {
  APPROVED: '00',
  DUPLICATE: 'U01',
  AMOUNT_CAP: 'U02',
  ADDRESS_RESOLUTION_FAILED: 'U29',
  DEBIT_FAILED: 'U30',
  CREDIT_FAILED: 'U31',
  CREDIT_REVERT_FAILED: 'U32',
  DEBIT_REVERT_FAILED: 'U33',
  REVERTED: 'U34',
  TXN_NOT_PRESENT: 'U48',
  DEBIT_TIMEOUT: 'U67',
  CREDIT_TIMEOUT: 'U68',
  PAYEE_PSP_UNAVAILABLE: 'U93',
  PAYER_PSP_THROTTLED: 'U80',
  PAYEE_PSP_THROTTLED: 'U94',
  REMITTER_BANK_SLOW: 'U90',
  BENEFICIARY_BANK_SLOW: 'U91',
  REMITTER_BANK_UNAVAILABLE: 'U28',
  BENEFICIARY_BANK_OFFLINE: 'U78',
  SAME_ACCOUNT: 'U96',
  PIN_INCORRECT: 'ZM',
  PIN_TRIES_EXCEEDED: 'Z6',
  PIN_NOT_SET: 'AM',
  INSUFFICIENT_FUNDS: 'Z9',
  PER_TXN_LIMIT: 'Z8',
  DAILY_LIMIT: 'ZU',
  REMITTER_ACCOUNT_UNKNOWN: 'XH',
  BENEFICIARY_ACCOUNT_UNKNOWN: 'XI',
  REMITTER_DORMANT: 'ZX',
  BENEFICIARY_DORMANT: 'ZY',
  REMITTER_FROZEN: 'YE',
  BENEFICIARY_FROZEN: 'YF',
  INVALID_VPA: 'ZH',
  REMITTER_INVALID_TXN: 'XB',
  BENEFICIARY_INVALID_TXN: 'XC',
  DEBIT_TIMEOUT_LEG: 'UT',
  CREDIT_TIMEOUT_LEG: 'BT',
  CREDIT_REVERSAL_TIMEOUT: 'RB',
  DEBIT_REVERSAL_TIMEOUT: 'RR',
  REVERSAL_FAILURE: '96',
  CREDIT_SUCCESS: 'CS',
  CREDIT_NOT_DONE: 'NC',
  DEBIT_NOT_DONE: 'ND',
  ORIGINAL_CREDIT_NOT_FOUND: 'OC',
  ORIGINAL_DEBIT_NOT_FOUND: 'OD',
  NO_ORIGINAL: 'NO',
  OTP_INCORRECT: 'ZR',
  OTP_EXPIRED: 'ZS',
  OTP_TRIES_EXCEEDED: 'ZT',
  CARD_MISMATCH: 'XN',
  REGISTERED_MOBILE_CHANGED: 'B1',
  VALIDATION_ERROR: 'U07',
} as const;

const validationFamilies: Record<string, string> = {
  head: 'H01',
  txn: 'T01',
  payer: 'R01',
  link: 'R01', // ReqListAccount's link block names the customer (mobile, bank)
  payee: 'B01',
  amount: 'V01',
};

/**
 * The validation decline for an invalid field (a JSON-pointer path from decode()), by the part of the
 * message it is in: `/txn/note` → T01, `/payer/name` → R01, `/payer/device/id` → D01, `/payer/creds/data`
 * → C01, `/amount/valueMinor` → V01. Paths outside the known parts give U07.
 */
export const validationCodeFor = (path: string): string => {
  const [, part, child] = path.split('/');
  if (part === 'payer' && child === 'device') return 'D01';
  if ((part === 'payer' || part === 'payee') && child === 'creds') return 'C01';
  return validationFamilies[part ?? ''] ?? Codes.VALIDATION_ERROR;
};
