/** A customer account as the domain sees it (db/accountsDb.ts maps the row). Money in paise. */
export type AccountStatus = 'ACTIVE' | 'FROZEN' | 'DORMANT';
export type AccountType = 'SAVINGS' | 'CURRENT';

/** The PIN as the bank keeps it: a verifier (salted, peppered hash — never the PIN) and the try counter. */
export type PinRecord = { verifier: string | null; failedTries: number; lockedUntil: Date | null };

/**
 * The try counter of PIN sets by card (domain/otpPolicy.ts): wrong card details and wrong one-time codes
 * count here, apart from PIN tries, and lock PIN sets as PIN tries lock the PIN.
 */
export type SetCreGuard = { failedTries: number; lockedUntil: Date | null };

export type Account = {
  id: number;
  acNum: string;
  ifsc: string;
  holderName: string;
  mobile: string;
  acType: AccountType;
  status: AccountStatus;
  balanceMinor: number;
  perTxnLimitMinor: number;
  dailyLimitMinor: number;
  cardLast6: string | null;
  cardExpiry: string | null; // MMYY
  pin: PinRecord;
  setCre: SetCreGuard;
};
