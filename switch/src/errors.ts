/** Errors of the switch, with stable codes (STYLE.md §3.6). Business outcomes are values, not these. */
export type SwitchErrorCode =
  | 'SWITCH_ERR_CONCURRENT_UPDATE' // a payment row changed under a held lock: a bug, or a lost lock
  | 'SWITCH_ERR_CREDS_MISSING' // the debit is due but the PIN block is gone
  | 'SWITCH_ERR_BAD_REQUEST' // HTTP: malformed request
  | 'SWITCH_ERR_NOT_FOUND' // HTTP: no such payment or route
  | 'SWITCH_ERR_UNAUTHORISED' // HTTP: missing or wrong operator key
  | 'SWITCH_ERR_CONFIG' // invalid configuration
  | 'SWITCH_ERR_INTERNAL'; // anything else: a bug or an infrastructure fault

export class SwitchError extends Error {
  readonly code: SwitchErrorCode;
  constructor(code: SwitchErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export const isSwitchError = (error: unknown): error is SwitchError => error instanceof SwitchError;
