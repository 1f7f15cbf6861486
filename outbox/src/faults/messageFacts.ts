/**
 * What a rule can be scoped by, read from any message the same way: the fields sit at the same places in
 * every UPI message that carries them (payer/payee addr and ac, the reversal's ac, amount.valueMinor).
 */
import type { Message } from '@switchyard/contracts';

export type MessageFacts = {
  type: string;
  subType?: string;
  vpas: string[];
  accounts: string[];
  amountMinor?: number;
};

type Party = { addr?: unknown; ac?: { acNum?: unknown } } | undefined;

const stringsOf = (values: unknown[]): string[] =>
  values.filter((value): value is string => typeof value === 'string');

/** @throws nothing: fields a message lacks are simply absent. */
export const messageFacts = (message: Message): MessageFacts => {
  const m = message as unknown as {
    txn?: { subType?: unknown };
    payer?: Party;
    payee?: Party;
    ac?: { acNum?: unknown };
    amount?: { valueMinor?: unknown };
  };
  const facts: MessageFacts = {
    type: message.type,
    vpas: stringsOf([m.payer?.addr, m.payee?.addr]).map((vpa) => vpa.toLowerCase()),
    accounts: stringsOf([m.payer?.ac?.acNum, m.payee?.ac?.acNum, m.ac?.acNum]),
  };
  if (typeof m.txn?.subType === 'string') facts.subType = m.txn.subType;
  if (typeof m.amount?.valueMinor === 'number') facts.amountMinor = m.amount.valueMinor;
  return facts;
};
