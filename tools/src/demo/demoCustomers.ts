/** The demo customers (customers.json beside this file): who banks where, with which PSP and VPA user name. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type DemoCustomer = {
  name: string;
  mobile: string;
  bank: string;
  acNum: string;
  ifsc: string;
  balanceMinor: number;
  cardLast6: string;
  cardExpiry: string;
  status: 'ACTIVE' | 'FROZEN' | 'DORMANT';
  psp: string;
  vpaUser: string;
};

export const DEMO_CUSTOMERS_FILE = fileURLToPath(new URL('./customers.json', import.meta.url));

export const loadDemoCustomers = (file: string = DEMO_CUSTOMERS_FILE): DemoCustomer[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { customers: DemoCustomer[] }).customers;
