/**
 * Errors of the switch, with stable codes and their HTTP statuses (docs/architecture.md §4.7). Business
 * outcomes are values (decline codes), not these.
 */
import { ServiceError, type ErrorTable } from '@switchyard/infra';

export type SwitchErrorCode =
  | 'SWITCH_ERR_CONCURRENT_UPDATE' // a payment row changed under a held lock: a bug, or a lost lock
  | 'SWITCH_ERR_CREDS_MISSING' // the debit is due but the PIN block is gone
  | 'SWITCH_ERR_BAD_REQUEST' // HTTP: malformed request
  | 'SWITCH_ERR_BODY_TOO_LARGE' // HTTP: body over the limit
  | 'SWITCH_ERR_UNSUPPORTED_MEDIA_TYPE' // HTTP: not JSON
  | 'SWITCH_ERR_NOT_FOUND' // HTTP: no such payment or route
  | 'SWITCH_ERR_UNAUTHORISED' // HTTP: missing or wrong operator key
  | 'SWITCH_ERR_CONFIG' // invalid configuration
  | 'SWITCH_ERR_UNAVAILABLE' // HTTP: the database cannot be reached right now (503, Retry-After)
  | 'SWITCH_ERR_INTERNAL'; // anything else: a bug or an infrastructure fault

export class SwitchError extends ServiceError<SwitchErrorCode> {}

/** The switch's codes as HTTP answers (infra/src/http/errorReplies.ts). */
export const switchErrors: ErrorTable = {
  statusOf: {
    SWITCH_ERR_BAD_REQUEST: 400,
    SWITCH_ERR_UNAUTHORISED: 401,
    SWITCH_ERR_NOT_FOUND: 404,
    SWITCH_ERR_BODY_TOO_LARGE: 413,
    SWITCH_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
    SWITCH_ERR_UNAVAILABLE: 503,
  } satisfies Partial<Record<SwitchErrorCode, number>>,
  codes: {
    badRequest: 'SWITCH_ERR_BAD_REQUEST',
    validation: 'SWITCH_ERR_BAD_REQUEST',
    notFound: 'SWITCH_ERR_NOT_FOUND',
    internal: 'SWITCH_ERR_INTERNAL',
    unavailable: 'SWITCH_ERR_UNAVAILABLE',
    bodyTooLarge: 'SWITCH_ERR_BODY_TOO_LARGE',
    unsupportedMediaType: 'SWITCH_ERR_UNSUPPORTED_MEDIA_TYPE',
  } satisfies Record<keyof ErrorTable['codes'], SwitchErrorCode>,
};
