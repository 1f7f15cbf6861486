/** The chaos run's payers and payees: plenty of money each, spread over both banks and both PSPs. */
import type { DemoCustomer } from '../demo/demoCustomers.ts';

export const CHAOS_PIN = '8642';

export const chaosCustomers = (count = 12): DemoCustomer[] =>
  Array.from({ length: count }, (_, i) => {
    const lotus = i % 2 === 0;
    const n = String(40 + i);
    return {
      name: `Chaos Customer ${n}`,
      mobile: `96000000${n}`,
      bank: lotus ? 'bank.lotus' : 'bank.banyan',
      acNum: `${lotus ? '1' : '2'}000000000${n}`,
      ifsc: lotus ? 'LOTS0000002' : 'BNYN0000002',
      balanceMinor: 50_000_000,
      cardLast6: '411111',
      cardExpiry: '1230',
      status: 'ACTIVE' as const,
      psp: i % 4 < 2 ? 'psp.zap' : 'psp.kite',
      vpaUser: `chaos${n}`,
    };
  });
