/**
 * Seeds a bank's customers (the entries of a customers list whose `bank` is this participant): creates
 * each account, funds it from the OPENING account with one journal, and optionally sets a demo PIN (only
 * its verifier is written). Idempotent: an existing account, opening journal or PIN is left alone.
 */
import type { Db } from '@switchyard/infra';
import type { AccountStatus, AccountType } from '../domain/account.ts';
import { isValidPin } from '../domain/pinPolicy.ts';
import { BankError } from '../errors.ts';
import { subjectOf, type PinHasher } from '../hsm/pinHasher.ts';
import * as accountsDb from './accountsDb.ts';
import * as ledgerDb from './ledgerDb.ts';

export type SeedCustomer = {
  name: string;
  mobile: string;
  bank: string;
  acNum: string;
  ifsc: string;
  balanceMinor: number;
  cardLast6?: string;
  cardExpiry?: string;
  status?: AccountStatus;
  acType?: AccountType;
};

export type SeedBankOptions = {
  participant: string;
  ifscPrefix: string;
  customers: readonly SeedCustomer[];
  /** With demoPin: the hasher that turns it into a verifier. */
  pinHasher?: PinHasher;
  demoPin?: string;
  now?: Date;
};

export type SeedResult = {
  accountsCreated: number;
  accountsFunded: number;
  pinsSet: number;
  customers: number;
};

/** The opening journal's txn id for an account (one per account: UNIQUE (txn_id, leg)). */
export const openingTxnIdOf = (acNum: string): string => `OPENING-${acNum}`;

/** @throws BankError BANK_ERR_SEED for a customer whose IFSC is not this bank's, a bad PIN or amount. */
export const seedBank = async (db: Db, options: SeedBankOptions): Promise<SeedResult> => {
  const now = options.now ?? new Date();
  const mine = options.customers.filter((c) => c.bank === options.participant);
  const { demoPin, pinHasher } = options;
  if (demoPin !== undefined && (!isValidPin(demoPin) || pinHasher === undefined)) {
    throw new BankError('BANK_ERR_SEED', 'the demo PIN must be 4 or 6 digits and come with a PIN hasher');
  }
  const result: SeedResult = { accountsCreated: 0, accountsFunded: 0, pinsSet: 0, customers: mine.length };
  for (const customer of mine) {
    if (
      !customer.ifsc.startsWith(options.ifscPrefix) ||
      !Number.isSafeInteger(customer.balanceMinor) ||
      customer.balanceMinor < 0
    ) {
      throw new BankError(
        'BANK_ERR_SEED',
        `customer ${customer.acNum}: IFSC must start with ${options.ifscPrefix}, balance must be paise`,
      );
    }
    const verifier = demoPin === undefined ? undefined : pinHasher!.hash(subjectOf(customer, 'PIN'), demoPin);
    // Counted after the commit: slonik may run the callback more than once.
    const done = await db.transaction(async (tx) => {
      const createdId = await accountsDb.insertCustomer(tx, {
        acNum: customer.acNum,
        ifsc: customer.ifsc,
        holderName: customer.name,
        mobile: customer.mobile,
        acType: customer.acType ?? 'SAVINGS',
        status: customer.status ?? 'ACTIVE',
        cardLast6: customer.cardLast6 ?? null,
        cardExpiry: customer.cardExpiry ?? null,
      });
      const account = (await accountsDb.findCustomerByAcNum(tx, customer.acNum))!;
      let funded = false;
      if (customer.balanceMinor > 0) {
        const journalId = await ledgerDb.postJournal(tx, {
          txnId: openingTxnIdOf(customer.acNum),
          leg: 'OPENING',
          rrn: null,
          now,
          movements: [
            { accountId: account.id, amountMinor: customer.balanceMinor },
            { internal: 'OPENING', amountMinor: -customer.balanceMinor },
          ],
        });
        funded = journalId !== undefined;
      }
      const pinSet = verifier !== undefined && account.pin.verifier === null;
      if (pinSet) await accountsDb.setPinVerifier(tx, account.id, verifier);
      return { created: createdId !== undefined, funded, pinSet };
    });
    result.accountsCreated += Number(done.created);
    result.accountsFunded += Number(done.funded);
    result.pinsSet += Number(done.pinSet);
  }
  return result;
};
