/**
 * Errors of the bank service, with stable codes and their HTTP statuses (docs/architecture.md §4.7). Business
 * declines are values (UPI codes), not these.
 */
import { ServiceError, type ErrorTable } from '@switchyard/infra';

export type BankErrorCode =
  | 'BANK_ERR_CONFIG' // configuration missing or invalid: fail fast at start
  | 'BANK_ERR_BAD_REQUEST' // HTTP: malformed request
  | 'BANK_ERR_BODY_TOO_LARGE' // HTTP: body over the limit
  | 'BANK_ERR_UNSUPPORTED_MEDIA_TYPE' // HTTP: not JSON
  | 'BANK_ERR_NOT_FOUND' // HTTP: no such route
  | 'BANK_ERR_UNAUTHORISED' // operator key missing or wrong
  | 'BANK_ERR_ACCOUNT_UNKNOWN' // operator asked for an account that does not exist
  | 'BANK_ERR_LEDGER' // a ledger write broke an invariant (a bug: the transaction is rolled back)
  | 'BANK_ERR_SEED' // seed input inconsistent (customer of another bank, bad IFSC)
  | 'BANK_ERR_UNAVAILABLE' // HTTP: the database cannot be reached right now (503, Retry-After)
  | 'BANK_ERR_INTERNAL'; // anything else: a bug or an infrastructure fault

export class BankError extends ServiceError<BankErrorCode> {}

/** The bank's codes as HTTP answers (infra/src/http/errorReplies.ts); a code not listed is a 500. */
export const bankErrors: ErrorTable = {
  statusOf: {
    BANK_ERR_BAD_REQUEST: 400,
    BANK_ERR_UNAUTHORISED: 401,
    BANK_ERR_ACCOUNT_UNKNOWN: 404,
    BANK_ERR_NOT_FOUND: 404,
    BANK_ERR_BODY_TOO_LARGE: 413,
    BANK_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
    BANK_ERR_UNAVAILABLE: 503,
  } satisfies Partial<Record<BankErrorCode, number>>,
  codes: {
    badRequest: 'BANK_ERR_BAD_REQUEST',
    validation: 'BANK_ERR_BAD_REQUEST',
    notFound: 'BANK_ERR_NOT_FOUND',
    internal: 'BANK_ERR_INTERNAL',
    unavailable: 'BANK_ERR_UNAVAILABLE',
    bodyTooLarge: 'BANK_ERR_BODY_TOO_LARGE',
    unsupportedMediaType: 'BANK_ERR_UNSUPPORTED_MEDIA_TYPE',
  } satisfies Record<keyof ErrorTable['codes'], BankErrorCode>,
};
