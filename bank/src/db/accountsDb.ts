/** SQL for accounts: customer lookups, the PIN record, internal accounts. Maps snake_case rows to domain types. */
import { sql } from 'slonik';
import type { Queryable } from '@switchyard/infra';
import type { Account, AccountStatus, AccountType, SetCreGuard } from '../domain/account.ts';
import type { PinUpdate } from '../domain/pinPolicy.ts';

export type InternalAccountKind = 'UPI_SETTLEMENT' | 'OPENING';

type AccountRow = {
  id: number;
  ac_num: string;
  ifsc: string;
  holder_name: string;
  mobile: string;
  ac_type: AccountType;
  status: AccountStatus;
  balance_minor: number;
  per_txn_limit_minor: number;
  daily_limit_minor: number;
  card_last6: string | null;
  card_expiry: string | null;
  pin_verifier: string | null;
  pin_failed_tries: number;
  pin_locked_until: Date | null;
  set_cre_failed_tries: number;
  set_cre_locked_until: Date | null;
};

const columns = sql.fragment`id, ac_num, ifsc, holder_name, mobile, ac_type, status, balance_minor, per_txn_limit_minor,
  daily_limit_minor, card_last6, card_expiry, pin_verifier, pin_failed_tries, pin_locked_until,
  set_cre_failed_tries, set_cre_locked_until`;

const accountOf = (row: AccountRow): Account => ({
  id: row.id,
  acNum: row.ac_num,
  ifsc: row.ifsc,
  holderName: row.holder_name,
  mobile: row.mobile,
  acType: row.ac_type,
  status: row.status,
  balanceMinor: row.balance_minor,
  perTxnLimitMinor: row.per_txn_limit_minor,
  dailyLimitMinor: row.daily_limit_minor,
  cardLast6: row.card_last6,
  cardExpiry: row.card_expiry,
  pin: { verifier: row.pin_verifier, failedTries: row.pin_failed_tries, lockedUntil: row.pin_locked_until },
  setCre: { failedTries: row.set_cre_failed_tries, lockedUntil: row.set_cre_locked_until },
});

/**
 * The customer account `acNum` at IFSC `ifsc` (undefined: no such account here — a known account number
 * under another IFSC is not this account). `lock` takes the row lock (FOR UPDATE) so the decision, the PIN
 * counter and the balance update of one payment are serialised per account.
 */
export const findCustomerAccount = async (
  q: Queryable,
  acNum: string,
  ifsc: string,
  options: { lock: boolean },
): Promise<Account | undefined> => {
  const row = (await q.maybeOne(sql.unsafe`
    SELECT ${columns} FROM accounts
    WHERE kind = 'CUSTOMER' AND ac_num = ${acNum} AND ifsc = ${ifsc}
    ${options.lock ? sql.fragment`FOR UPDATE` : sql.fragment``}`)) as AccountRow | null;
  return row === null ? undefined : accountOf(row);
};

/** A customer account by its number alone (operator views, seeding). */
export const findCustomerByAcNum = async (q: Queryable, acNum: string): Promise<Account | undefined> => {
  const row = (await q.maybeOne(sql.unsafe`
    SELECT ${columns} FROM accounts WHERE kind = 'CUSTOMER' AND ac_num = ${acNum}`)) as AccountRow | null;
  return row === null ? undefined : accountOf(row);
};

/** A customer account by id, optionally locked. */
export const findCustomerById = async (
  q: Queryable,
  id: number,
  options: { lock: boolean },
): Promise<Account | undefined> => {
  const row = (await q.maybeOne(sql.unsafe`
    SELECT ${columns} FROM accounts WHERE kind = 'CUSTOMER' AND id = ${id}
    ${options.lock ? sql.fragment`FOR UPDATE` : sql.fragment``}`)) as AccountRow | null;
  return row === null ? undefined : accountOf(row);
};

/** Customer accounts registered to `mobile`, oldest first, at most `limit`. */
export const listAccountsByMobile = async (
  q: Queryable,
  mobile: string,
  limit: number,
): Promise<Account[]> => {
  const rows = (await q.any(sql.unsafe`
    SELECT ${columns} FROM accounts WHERE kind = 'CUSTOMER' AND mobile = ${mobile}
    ORDER BY id LIMIT ${limit}`)) as readonly AccountRow[];
  return rows.map(accountOf);
};

/** Stores the PIN try counter and lock after a PIN comparison. */
export const savePinState = async (q: Queryable, accountId: number, update: PinUpdate): Promise<void> => {
  await q.query(sql.unsafe`
    UPDATE accounts
    SET pin_failed_tries = ${update.failedTries},
        pin_locked_until = ${update.lockedUntil === null ? null : sql.timestamp(update.lockedUntil)}
    WHERE id = ${accountId}`);
};

/** Stores the PIN-set try counter and lock (wrong card details or one-time codes). */
export const saveSetCreGuard = async (
  q: Queryable,
  accountId: number,
  update: SetCreGuard,
): Promise<void> => {
  await q.query(sql.unsafe`
    UPDATE accounts
    SET set_cre_failed_tries = ${update.failedTries},
        set_cre_locked_until = ${update.lockedUntil === null ? null : sql.timestamp(update.lockedUntil)}
    WHERE id = ${accountId}`);
};

/** Replaces the PIN verifier and clears the try counter and lock. */
export const setPinVerifier = async (q: Queryable, accountId: number, verifier: string): Promise<void> => {
  await q.query(sql.unsafe`
    UPDATE accounts SET pin_verifier = ${verifier}, pin_failed_tries = 0, pin_locked_until = NULL
    WHERE id = ${accountId}`);
};

/**
 * Replaces a PIN verifier by the same PIN's verifier under the current key (re-issue, hsm/pinHasher.ts),
 * leaving the try counter alone; only if the stored verifier is still `current`.
 */
export const reissuePinVerifier = async (
  q: Queryable,
  accountId: number,
  current: string,
  reissued: string,
): Promise<void> => {
  await q.query(sql.unsafe`
    UPDATE accounts SET pin_verifier = ${reissued} WHERE id = ${accountId} AND pin_verifier = ${current}`);
};

export type NewCustomer = {
  acNum: string;
  ifsc: string;
  holderName: string;
  mobile: string;
  acType: AccountType;
  status: AccountStatus;
  cardLast6: string | null;
  cardExpiry: string | null;
};

/** Inserts a customer account with a zero balance; undefined if `acNum` exists already. */
export const insertCustomer = async (q: Queryable, customer: NewCustomer): Promise<number | undefined> => {
  const id = (await q.maybeOneFirst(sql.unsafe`
    INSERT INTO accounts (kind, ac_num, ifsc, holder_name, mobile, ac_type, status, card_last6, card_expiry)
    VALUES ('CUSTOMER', ${customer.acNum}, ${customer.ifsc}, ${customer.holderName}, ${customer.mobile},
            ${customer.acType}, ${customer.status}, ${customer.cardLast6}, ${customer.cardExpiry})
    ON CONFLICT (ac_num) DO NOTHING
    RETURNING id`)) as number | null;
  return id ?? undefined;
};
