/**
 * What the console's server sends its page (over the WebSocket /api/live and GET /api/snapshot): shared by
 * the server (tools/src/console/*.ts) and the page (web/src), so both sides agree on one shape.
 */

/** One point of the charts: the figures of the trailing windows ending at `t`. */
export type SeriesPoint = {
  /** Epoch ms. */
  t: number;
  /** Payments that reached a final answer per second (trailing rate window). */
  perSecond: number;
  /** Shares of those payments, 0–1 (null when none completed in the window). */
  success: number | null;
  td: number | null;
  bd: number | null;
  /** End-to-end latency (ReqPay received → final RespPay sent) over the trailing minute, ms. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

export type Decline = { code: string; declineClass: string; count: number };

export type ServiceRow = {
  id: string;
  role: 'switch' | 'psp' | 'bank';
  /** /health: ok, degraded (a dependency is down) or down (no answer). */
  health: 'ok' | 'degraded' | 'down';
  outboxPending: number | null;
  outboxOldestSeconds: number | null;
  queueDepth: number | null;
  dlqDepth: number | null;
  deadLettered: number | null;
  duplicatesAbsorbed: number | null;
};

/** A bank's breaker at the switch, as GET /v1/breakers tells it (issue 8b). */
export type BreakerView = { status: string; details: Record<string, string | number | boolean> };

type BankRow = {
  id: string;
  name: string;
  health: ServiceRow['health'];
  /** null when the switch's breakers could not be read or did not mention this bank. */
  breaker: BreakerView | null;
};

/** One failure-injection rule as a service lists it (GET /v1/faults). */
export type FaultRuleView = {
  id: string;
  action: string;
  /** How often it fired in the service's process. */
  fired: number | null;
  /** config: set at start (SY_FAULTS, the magic amounts); api: set through the operator API. */
  source: 'config' | 'api';
  /** What it matches (type, subType, vpa, amountMinor, fraction, count…) and its code/delay, as listed. */
  rule: Record<string, unknown>;
};

export type ServiceFaults = {
  participant: string;
  /** false when the service has no failure-injection endpoint (404) or could not be asked. */
  available: boolean;
  rules: FaultRuleView[];
  error: string | null;
};

/** One line of the payment feed (the switch's GET /v1/payments). */
export type FeedPayment = {
  txnId: string;
  status: string;
  finalStatus: string | null;
  errCode: string | null;
  declineClass: 'TD' | 'BD' | null;
  amountMinor: number;
  payerAddr: string;
  payeeAddr: string;
  remitterBank: string | null;
  beneficiaryBank: string | null;
  receivedAt: string;
  completedAt: string | null;
};

export type Snapshot = {
  at: number;
  prefix: string;
  participants: string[];
  /** The newest chart point (null until two scrapes of the switch exist). */
  point: SeriesPoint | null;
  /** Payments completed since the switch started, by final status. */
  completed: Record<string, number>;
  /** Declines by code over the trailing minute. */
  declines: Decline[];
  services: ServiceRow[];
  banks: BankRow[];
  /** Whether the switch answers GET /v1/breakers. */
  breakersAvailable: boolean;
  payments: FeedPayment[];
  faults: ServiceFaults[];
  /** What could not be read this tick (the switch down, the broker unreachable…). */
  problems: string[];
};

/** The first message on a connection: the chart history and what the page needs once. */
export type Hello = {
  kind: 'hello';
  series: SeriesPoint[];
  snapshot: Snapshot;
  windows: { rateSeconds: number; latencySeconds: number };
  /** Every message type of the network (the failure-injection form offers them). */
  messageTypes: string[];
};

export type LiveMessage = Hello | { kind: 'tick'; snapshot: Snapshot };
