/** Brings customers into a test network the way an app would: register, discover, VPA, PIN. */
import { createPspClient, type PspClient, type PspSession } from '@switchyard/psp';
import type { DemoCustomer } from '@switchyard/infra';
import type { TestNetwork } from './testNetwork.ts';

export const TEST_PIN = '2468';

export type Onboarded = { customer: DemoCustomer; session: PspSession; vpa: string; client: PspClient };

export const clientsOf = (net: TestNetwork): Map<string, PspClient> =>
  new Map(net.network.psps.map((p) => [p.id, createPspClient({ baseUrl: net.urlOf(p.id) })]));

export const onboard = async (
  net: TestNetwork,
  clients: Map<string, PspClient>,
  customer: DemoCustomer,
  options: { setPin: boolean },
): Promise<Onboarded> => {
  const client = clients.get(customer.psp)!;
  const handle = net.network.psps.find((p) => p.id === customer.psp)!.handle;
  const session = await client.register({ name: customer.name, mobile: customer.mobile });
  const accounts = await client.discover(session, customer.ifsc);
  if (!accounts.some((a) => a.acNum === customer.acNum)) throw new Error(`${customer.acNum} not discovered`);
  const created = await client.createVpa(session, {
    username: customer.vpaUser,
    acNum: customer.acNum,
    ifsc: customer.ifsc,
  });
  if (options.setPin) {
    await client.setPin(session, {
      vpa: created.vpa,
      newPin: TEST_PIN,
      cardLast6: customer.cardLast6,
      cardExpiry: customer.cardExpiry,
    });
  }
  return { customer, session, vpa: created.vpa ?? `${customer.vpaUser}@${handle}`, client };
};

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
