/** Errors of the bank service, with stable codes (STYLE.md §3.6). Business declines are values, not errors. */
export type BankErrorCode =
  | 'BANK_ERR_CONFIG' // configuration missing or invalid: fail fast at start
  | 'BANK_ERR_UNAUTHORISED' // operator key missing or wrong
  | 'BANK_ERR_ACCOUNT_UNKNOWN' // operator asked for an account that does not exist
  | 'BANK_ERR_INTERNAL_ACCOUNT_MISSING' // migrations did not create UPI_SETTLEMENT / OPENING
  | 'BANK_ERR_LEDGER' // a ledger write broke an invariant (a bug: the transaction is rolled back)
  | 'BANK_ERR_SEED'; // seed input inconsistent (customer of another bank, bad IFSC)

export class BankError extends Error {
  readonly code: BankErrorCode;
  constructor(code: BankErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** HTTP status of an error code; everything not listed is a 500. */
export const httpStatusOf = (code: BankErrorCode): number => {
  switch (code) {
    case 'BANK_ERR_UNAUTHORISED':
      return 401;
    case 'BANK_ERR_ACCOUNT_UNKNOWN':
      return 404;
    case 'BANK_ERR_CONFIG':
    case 'BANK_ERR_INTERNAL_ACCOUNT_MISSING':
    case 'BANK_ERR_LEDGER':
    case 'BANK_ERR_SEED':
      return 500;
  }
};
