/** The legs a bank answers, each at most once per txn id (db/legsDb.ts keeps the answers). */
export type LegKind = 'DEBIT' | 'CREDIT' | 'DEBIT_REVERSAL' | 'CREDIT_REVERSAL' | 'SET_CRE' | 'OTP';

/**
 * A finished leg's status: DONE (approved; money legs have a journal), DECLINED, or CLOSED (the leg never
 * happened and now never will: a reversal found nothing and closed it, so a late original is refused).
 */
export type LegStatus = 'DONE' | 'DECLINED' | 'CLOSED';
