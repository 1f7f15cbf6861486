/**
 * The codes the switch decides with (docs/upi.md §7), named. Most come from the contracts catalogue; the few
 * it lacks a name for are spelled here once.
 */
import { Codes } from '@switchyard/contracts';

export const SwitchCodes = {
  ...Codes,
  PSP_NO_RESPONSE: 'U27',
  PSP_TIMEOUT_LEG: 'UP',
  LATE_RESPONSE: 'U70',
  SAME_ACCOUNT_LEG: 'RA',
} as const;

/** Answers to a debit reversal that mean the customer's money is not held: reversed, or never debited. */
export const DEBIT_RELEASED_CODES: readonly string[] = ['00', 'ND', 'OD'];
/** Answers to a credit reversal that mean the payee was not (or no longer) credited. */
export const CREDIT_UNDONE_CODES: readonly string[] = ['00', 'NC', 'OC'];
