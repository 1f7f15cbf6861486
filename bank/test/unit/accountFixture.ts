/** Builds domain accounts for pure tests. */
import type { Account } from '../../src/domain/account.ts';

export const anAccount = (overrides: Partial<Account> = {}): Account => ({
  id: 7,
  acNum: '100000000001',
  ifsc: 'LOTS0000001',
  holderName: 'Asha Rao',
  mobile: '9800000001',
  acType: 'SAVINGS',
  status: 'ACTIVE',
  balanceMinor: 5_000_000,
  perTxnLimitMinor: 10_000_000,
  dailyLimitMinor: 10_000_000,
  cardLast6: '400001',
  cardExpiry: '1229',
  pin: {
    verifier: 'pvv$0a1b2c3d$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    failedTries: 0,
    lockedUntil: null,
  },
  setCre: { failedTries: 0, lockedUntil: null },
  ...overrides,
});

export const TXN_ID = 'ZAPa1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6';
export const NOW = new Date('2025-11-21T10:15:00.000Z');
