/**
 * The network's money invariant, checked across every bank and the switch:
 *  1. every bank's ledger balances (each journal sums to zero, cached balances equal their entries, no
 *     customer balance below zero) — the bank's checkLedger;
 *  2. total money is unchanged by payments: customer balances over all banks + money in flight (what the
 *     ledgers moved for payments not yet settled: in flight, deemed or unknown) = the money the banks were
 *     opened with — exactly, at any moment, even mid-run;
 *  3. every payment's legs agree between the switch's record and the banks' ledgers (a payment still in
 *     flight may lag by one message: reported as in flight, not as a breach);
 *  4. every payment is terminal or visibly in flight (listed with its age);
 *  5. every uncertain payment (DEEMED, REVERSAL_UNKNOWN, STUCK: answered, money not yet known) is listed
 *     with its age and window; one still uncertain past its window (resolve_by, the T+1 stand-in the
 *     switch set when it answered) is a breach (docs/upi.md §6.5.6).
 * It reads the databases through readers the switch and the bank export (their SQL stays in their db/),
 * not their HTTP APIs: the check must work while services are down (after a kill -9).
 */
import { createDb, type Network } from '@switchyard/infra';
import { ledgerSnapshot, type LedgerSnapshot } from '@switchyard/bank';
import { paymentLegs } from '@switchyard/switch';

type LegAmounts = {
  debitedMinor: number;
  debitReversedMinor: number;
  creditedMinor: number;
  creditReversedMinor: number;
};
const NO_LEGS: LegAmounts = {
  debitedMinor: 0,
  debitReversedMinor: 0,
  creditedMinor: 0,
  creditReversedMinor: 0,
};

/** A payment whose outcome is still uncertain: how old it is and until when it may stay so. */
type UncertainPayment = {
  txnId: string;
  status: string;
  ageMs: number;
  resolveBy: Date | null;
  overdue: boolean;
};

export type InvariantReport = {
  ok: boolean;
  lines: string[];
  breaches: string[];
  inFlight: number;
  payments: number;
  byStatus: Record<string, number>;
  uncertain: UncertainPayment[];
};

const TERMINAL = new Set(['SUCCESS', 'FAILED', 'REVERSED', 'DEEMED', 'REVERSAL_UNKNOWN', 'STUCK']);
const UNCERTAIN = new Set(['DEEMED', 'REVERSAL_UNKNOWN', 'STUCK']);
const rupees = (paise: number): string =>
  `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;
const BREACH_LINES_MAX = 50;

const sameLegs = (a: LegAmounts, b: LegAmounts): boolean =>
  a.debitedMinor === b.debitedMinor &&
  a.debitReversedMinor === b.debitReversedMinor &&
  a.creditedMinor === b.creditedMinor &&
  a.creditReversedMinor === b.creditReversedMinor;

/** Runs the whole check against the databases of `network` (urlOf maps a participant to its database URL). */
export const checkInvariants = async (
  network: Network,
  urlOf: (participant: string) => string,
  now: () => Date = () => new Date(),
): Promise<InvariantReport> => {
  const lines: string[] = [];
  const breaches: string[] = [];
  // The switch first, then each bank in one snapshot: a payment the switch already saw as terminal has
  // finished its legs at the banks, and a payment that moves on while we read is counted as in flight —
  // so the check holds exactly even while payments flow (reading the banks first would not).
  const switchDb = await createDb(urlOf(network.switch.id), { poolSizeMax: 1 });
  const payments = await paymentLegs(switchDb.pool).finally(() => switchDb.end());
  const ledgers = new Map<string, LedgerSnapshot>();
  for (const bank of network.banks) {
    const db = await createDb(urlOf(bank.id), { poolSizeMax: 1 });
    try {
      ledgers.set(bank.id, await ledgerSnapshot(db.pool));
    } finally {
      await db.end();
    }
  }

  let opened = 0;
  let customers = 0;
  for (const [bank, { check }] of ledgers) {
    opened += -check.totals.openingBalanceMinor;
    customers += check.totals.customerBalanceMinor;
    lines.push(
      `ledger ${bank}: ${check.totals.journals} journals, ${check.totals.entries} entries, ` +
        `customers ${rupees(check.totals.customerBalanceMinor)}, settlement ${rupees(check.totals.settlementBalanceMinor)} — ` +
        (check.ok ? 'balances' : `${check.breaches.length} BREACHES`),
    );
    for (const breach of check.breaches) breaches.push(`${bank}: ${JSON.stringify(breach)}`);
  }

  let inFlightMinor = 0;
  let inFlight = 0;
  let oldestInFlight: Date | undefined;
  const byStatus: Record<string, number> = {};
  let legMismatches = 0;
  const uncertain: UncertainPayment[] = [];
  const checkedAt = now();
  for (const payment of payments) {
    byStatus[payment.status] = (byStatus[payment.status] ?? 0) + 1;
    if (UNCERTAIN.has(payment.status)) uncertain.push(uncertainOf(payment, checkedAt));
    const terminal = TERMINAL.has(payment.status);
    if (!terminal) {
      inFlight += 1;
      if (!oldestInFlight || payment.updatedAt < oldestInFlight) oldestInFlight = payment.updatedAt;
    }
    const atRemitter = payment.remitterBank
      ? (ledgers.get(payment.remitterBank)?.legs.get(payment.txnId) ?? NO_LEGS)
      : NO_LEGS;
    const atBeneficiary = payment.beneficiaryBank
      ? (ledgers.get(payment.beneficiaryBank)?.legs.get(payment.txnId) ?? NO_LEGS)
      : NO_LEGS;
    const banksSay: LegAmounts = {
      debitedMinor: atRemitter.debitedMinor,
      debitReversedMinor: atRemitter.debitReversedMinor,
      creditedMinor: atBeneficiary.creditedMinor,
      creditReversedMinor: atBeneficiary.creditReversedMinor,
    };
    // Money the banks moved for a payment that is not settled yet (in flight, or deemed/unknown): it has
    // left one customer and not (knowingly) reached the other, so it counts beside the customer balances.
    if (!terminal || UNCERTAIN.has(payment.status)) {
      inFlightMinor +=
        banksSay.debitedMinor -
        banksSay.debitReversedMinor -
        (banksSay.creditedMinor - banksSay.creditReversedMinor);
    }
    if (!sameLegs(payment, banksSay) && terminal && !UNCERTAIN.has(payment.status)) {
      legMismatches += 1;
      if (legMismatches <= BREACH_LINES_MAX) {
        breaches.push(
          `legs of ${payment.txnId} (${payment.status}) disagree: switch ${JSON.stringify(pick(payment))}, banks ${JSON.stringify(banksSay)}`,
        );
      }
    }
  }
  const known = new Set(payments.map((p) => p.txnId));
  for (const [bank, { legs }] of ledgers) {
    for (const txnId of legs.keys())
      if (!known.has(txnId))
        breaches.push(`${bank} moved money for ${txnId}, which the switch does not know`);
  }

  const conserved = customers + inFlightMinor === opened;
  lines.push(
    `money: opened with ${rupees(opened)}; customer balances ${rupees(customers)} + in flight ${rupees(inFlightMinor)} ` +
      `= ${rupees(customers + inFlightMinor)} — ${conserved ? 'conserved' : 'NOT CONSERVED'}`,
  );
  if (!conserved)
    breaches.push(`money not conserved: difference ${rupees(customers + inFlightMinor - opened)}`);
  lines.push(
    `payments: ${payments.length} (${
      Object.entries(byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') || 'none'
    })`,
  );
  lines.push(
    `legs: ${payments.length - legMismatches} of ${payments.length} agree between the switch and the banks`,
  );
  lines.push(
    inFlight === 0
      ? 'terminal: every payment is in a terminal state'
      : `terminal: ${inFlight} in flight, oldest updated ${Math.round((Date.now() - oldestInFlight!.getTime()) / 1000)} s ago`,
  );
  lines.push(...uncertainLines(uncertain));
  for (const late of uncertain.filter((u) => u.overdue).slice(0, BREACH_LINES_MAX)) {
    breaches.push(
      `${late.txnId} is ${late.status} ${seconds(late.ageMs)} after it started, past its window (resolve by ${late.resolveBy?.toISOString() ?? '?'})`,
    );
  }
  return {
    ok: breaches.length === 0,
    lines,
    breaches,
    inFlight,
    payments: payments.length,
    byStatus,
    uncertain,
  };
};

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

const uncertainOf = (
  payment: { txnId: string; status: string; receivedAt: Date; resolveBy: Date | null },
  at: Date,
): UncertainPayment => ({
  txnId: payment.txnId,
  status: payment.status,
  ageMs: at.getTime() - payment.receivedAt.getTime(),
  resolveBy: payment.resolveBy,
  // An uncertain payment without a window predates resolution (an older switch): it is overdue too.
  overdue: payment.resolveBy === null || payment.resolveBy.getTime() < at.getTime(),
});

/** One line per uncertain payment (age, window), the most overdue first; a summary line above them. */
const uncertainLines = (uncertain: readonly UncertainPayment[]): string[] => {
  if (uncertain.length === 0) return ['uncertain: none (every answered payment has a known outcome)'];
  const overdue = uncertain.filter((u) => u.overdue).length;
  const sorted = [...uncertain].sort((a, b) => b.ageMs - a.ageMs);
  return [
    `uncertain: ${uncertain.length} being resolved, ${overdue === 0 ? 'none' : overdue} past its window`,
    ...sorted
      .slice(0, BREACH_LINES_MAX)
      .map(
        (u) =>
          `  ${u.txnId} ${u.status} age ${seconds(u.ageMs)}, resolve by ${u.resolveBy?.toISOString() ?? '(no window)'}${u.overdue ? ' — OVERDUE' : ''}`,
      ),
  ];
};

const pick = (legs: LegAmounts): LegAmounts => ({
  debitedMinor: legs.debitedMinor,
  debitReversedMinor: legs.debitReversedMinor,
  creditedMinor: legs.creditedMinor,
  creditReversedMinor: legs.creditReversedMinor,
});
