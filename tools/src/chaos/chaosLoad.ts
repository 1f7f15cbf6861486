/**
 * The chaos run's steady load: a few workers paying between the onboarded customers until the deadline,
 * whatever is down. A payment the payer's PSP accepted is remembered (to check later that the PSP agrees
 * with the switch); a refused or failed request is counted and retried after a pause.
 */
import type { Onboarded } from '../demo/onboard.ts';

export type AcceptedPayment = { payer: Onboarded; txnId: string; amountMinor: number };

export type LoadFigures = { accepted: AcceptedPayment[]; refused: number; errors: Map<string, number> };

export type ChaosLoadOptions = {
  customers: Onboarded[];
  pin: string;
  /** Whether to stop paying (checked before each payment). */
  until: () => boolean;
  concurrency: number;
  pauseMs: number;
  random: () => number;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** @throws nothing: every failure of a request is counted */
export const runChaosLoad = async (o: ChaosLoadOptions): Promise<LoadFigures> => {
  const figures: LoadFigures = { accepted: [], refused: 0, errors: new Map() };
  const worker = async (): Promise<void> => {
    while (!o.until()) {
      const payer = o.customers[Math.floor(o.random() * o.customers.length)];
      const payees = o.customers.filter((c) => c !== payer);
      const payee = payees[Math.floor(o.random() * payees.length)];
      const rupees = 1 + Math.floor(o.random() * 20);
      try {
        const { txnId } = await payer.client.pay(payer.session, {
          payerVpa: payer.vpa,
          payeeVpa: payee.vpa,
          amount: `${rupees}.00`,
          pin: o.pin,
        });
        figures.accepted.push({ payer, txnId, amountMinor: rupees * 100 });
        await sleep(o.pauseMs);
      } catch (error) {
        figures.refused += 1;
        const reason = (error as Error).message.slice(0, 80);
        figures.errors.set(reason, (figures.errors.get(reason) ?? 0) + 1);
        await sleep(500);
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return figures;
};
