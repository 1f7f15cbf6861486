/**
 * One load step in figures, and whether it passes: what the load generator sent and how the ingress
 * answered (202, 429 with or without Retry-After, anything else), then how every accepted payment ended
 * and its end-to-end latency (accepted at the PSP → final status, both stamped by the system under test).
 * Pure: the bench gathers the inputs, this turns them into the step's row of the report.
 */
export type SendResult = {
  /** Requests the load generator sent. */
  sent: number;
  /** Answered 2xx: accepted for processing. */
  accepted: number;
  /** Answered 429 (admission control): counted, never retried by the load generator. */
  rejected429: number;
  /** How many of those 429 carried Retry-After. */
  rejected429WithRetryAfter: number;
  /** Other non-2xx answers, connection errors and timeouts. */
  errors: number;
  /** From the first request sent to the last answer. */
  sendSeconds: number;
  /** The ingress's own answer time (POST → 202), p99. */
  ingressP99Ms: number;
  /** CPU the load generator spent sending (user + system). */
  loadGeneratorCpuMs: number;
  /** How late requests left against their schedule, p99 (the generator or the box falling behind). */
  lateMsP99: number;
};

/**
 * How an accepted payment ended: its final status and latency, or undefined while still in flight (or
 * status UNREAD: the system would not say).
 */
export type PaymentOutcome = { status: string; latencyMs: number | undefined; finalAtMs?: number };

export type StepCriteria = {
  /** p99 end to end must stay at or under this. */
  p99TargetMs: number;
  /** Refused (429) or failed requests, as a share of those sent, must stay at or under this (0.01 = 1 %). */
  lossShareMax: number;
};

const STEP_CRITERIA_DEFAULT: StepCriteria = { p99TargetMs: 250, lossShareMax: 0.01 };

export type StepSummary = {
  offeredPerS: number;
  sentPerS: number;
  sent: number;
  accepted: number;
  rejected429: number;
  rejected429WithRetryAfter: number;
  errors: number;
  succeeded: number;
  failed: number;
  /** Accepted but not final when the step's drain ended. */
  unfinished: number;
  /** Final payments per second, from the first acceptance to the last final status. */
  completedPerS: number;
  /** Percentiles over accepted payments; null when the rank falls on a payment that never finished. */
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  ingressP99Ms: number;
  /** How late the load generator sent, p99 (see SendResult). */
  generatorLateP99Ms: number;
  /** Payments that ended SUCCESS, as a share of all requests sent (refusals and failures both count against). */
  successPct: number;
  pass: boolean;
  /** Why the step failed (empty when it passed). */
  why: string[];
};

/** Nearest-rank percentile (q in 0..1) of ascending values; null when the rank is past the known values. */
export const percentile = (sortedAscending: number[], total: number, q: number): number | null => {
  if (total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * total));
  return rank <= sortedAscending.length ? sortedAscending[rank - 1] : null;
};

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Summarises a step offered at `offeredPerS` and judges it against `criteria`. */
export const summariseStep = (
  offeredPerS: number,
  send: SendResult,
  outcomes: readonly PaymentOutcome[],
  criteria: StepCriteria = STEP_CRITERIA_DEFAULT,
  firstAcceptedAtMs?: number,
): StepSummary => {
  const finished = outcomes.filter((o) => o.latencyMs !== undefined);
  const latencies = finished.map((o) => round1(o.latencyMs!)).sort((a, b) => a - b);
  const succeeded = finished.filter((o) => o.status === 'SUCCESS').length;
  const failed = finished.length - succeeded;
  const unfinished = outcomes.length - finished.length;
  const total = outcomes.length;
  const finalTimes = finished.map((o) => o.finalAtMs).filter((t): t is number => t !== undefined);
  const spanS =
    firstAcceptedAtMs === undefined || finalTimes.length === 0
      ? send.sendSeconds
      : (Math.max(...finalTimes) - firstAcceptedAtMs) / 1000;
  const summary: Omit<StepSummary, 'pass' | 'why'> = {
    offeredPerS,
    sentPerS: send.sendSeconds > 0 ? round1(send.sent / send.sendSeconds) : 0,
    sent: send.sent,
    accepted: send.accepted,
    rejected429: send.rejected429,
    rejected429WithRetryAfter: send.rejected429WithRetryAfter,
    errors: send.errors,
    succeeded,
    failed,
    unfinished,
    completedPerS: spanS > 0 ? round1(finished.length / spanS) : 0,
    p50Ms: percentile(latencies, total, 0.5),
    p95Ms: percentile(latencies, total, 0.95),
    p99Ms: percentile(latencies, total, 0.99),
    maxMs: unfinished > 0 ? null : (latencies.at(-1) ?? 0),
    ingressP99Ms: send.ingressP99Ms,
    generatorLateP99Ms: send.lateMsP99,
    successPct: send.sent === 0 ? 0 : round1((100 * succeeded) / send.sent),
  };
  const why: string[] = [];
  const unread = outcomes.filter((o) => o.status === 'UNREAD').length;
  if (unread > 0) why.push(`${unread} result(s) could not be read (counted as unfinished)`);
  if (summary.p99Ms === null) why.push(`${unfinished} payment(s) not final`);
  else if (summary.p99Ms > criteria.p99TargetMs)
    why.push(`p99 ${summary.p99Ms} ms > ${criteria.p99TargetMs} ms`);
  const lost = send.rejected429 + send.errors + failed + unfinished;
  if (lost > criteria.lossShareMax * send.sent)
    why.push(
      `${lost} of ${send.sent} lost: 429 ${send.rejected429}, no 2xx ${send.errors}, failed ${failed}, unfinished ${unfinished}`,
    );
  if (summary.sentPerS < 0.9 * offeredPerS)
    why.push(`load generator sent ${summary.sentPerS}/s of ${offeredPerS}/s`);
  return { ...summary, pass: why.length === 0, why };
};
