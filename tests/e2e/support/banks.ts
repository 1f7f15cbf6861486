/** Reads a customer's balance through the bank's operator API. */
import type { DemoCustomer } from '@switchyard/tools';
import type { TestNetwork } from './testNetwork.ts';

export const bankBalance = async (net: TestNetwork, customer: DemoCustomer): Promise<number> => {
  const response = await fetch(`${net.urlOf(customer.bank)}/v1/accounts/${customer.acNum}`, {
    headers: { 'x-operator-key': net.operatorKey(customer.bank) },
  });
  if (!response.ok) throw new Error(`balance of ${customer.acNum}: HTTP ${response.status}`);
  return ((await response.json()) as { balanceMinor: number }).balanceMinor;
};
