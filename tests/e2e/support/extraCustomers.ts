/** The e2e suites' customers beside the demo ones, and the PIN the suites set (onboarding: @switchyard/tools). */
import type { DemoCustomer } from '@switchyard/tools';

export const TEST_PIN = '2468';

/** Extra customers the e2e suites need beside the demo ones (no PIN, lockout, load payers, a poor payer). */
export const extraCustomers = (): DemoCustomer[] => {
  const base = { cardLast6: '411111', cardExpiry: '1230', status: 'ACTIVE' as const };
  const list: DemoCustomer[] = [
    {
      ...base,
      name: 'Nisha Pinless',
      mobile: '9800000010',
      bank: 'bank.lotus',
      acNum: '100000000010',
      ifsc: 'LOTS0000001',
      balanceMinor: 1_000_000,
      psp: 'psp.zap',
      vpaUser: 'nisha',
    },
    {
      ...base,
      name: 'Lokesh Locked',
      mobile: '9800000011',
      bank: 'bank.lotus',
      acNum: '100000000011',
      ifsc: 'LOTS0000001',
      balanceMinor: 1_000_000,
      psp: 'psp.kite',
      vpaUser: 'lokesh',
    },
    {
      ...base,
      name: 'Pooja Poor',
      mobile: '9800000012',
      bank: 'bank.banyan',
      acNum: '200000000012',
      ifsc: 'BNYN0000001',
      balanceMinor: 5_000,
      psp: 'psp.kite',
      vpaUser: 'pooja',
    },
  ];
  for (let i = 0; i < 16; i += 1) {
    const lotus = i % 2 === 0;
    const n = String(20 + i);
    list.push({
      ...base,
      name: `Load Customer ${n}`,
      mobile: `97000000${n}`,
      bank: lotus ? 'bank.lotus' : 'bank.banyan',
      acNum: `${lotus ? '1' : '2'}000000000${n}`,
      ifsc: lotus ? 'LOTS0000002' : 'BNYN0000002',
      balanceMinor: 5_000_000,
      psp: i % 4 < 2 ? 'psp.zap' : 'psp.kite',
      vpaUser: `load${n}`,
    });
  }
  return list;
};
