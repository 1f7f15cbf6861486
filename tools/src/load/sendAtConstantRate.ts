/**
 * An open-loop load generator: sends pre-built requests at a constant arrival rate — request i leaves at
 * start + i / rate, whether or not earlier ones have been answered — over keep-alive connections, and
 * records how each was answered. A closed-loop generator (autocannon's per-connection rate: each
 * connection sends its quota back to back at the start of every second) offers bursts, and a slow answer
 * lowers what it offers; neither happens here, so latency at a given rate is the system's, not the
 * generator's. Answers 429 are counted with whether they carried Retry-After; nothing is retried.
 */
import { Agent, request as httpRequest } from 'node:http';

export type LoadRequest = { url: string; method: string; headers: Record<string, string>; body: string };

export type ConstantRateOptions = {
  /** Requests per second. */
  ratePerS: number;
  /** Keep-alive connections at most (requests beyond wait for a free one: see lateMsP99). */
  connectionsMax: number;
  /** An answer later than this counts as a timeout (and an error). */
  timeoutMs: number;
};

export type ConstantRateResult = {
  sent: number;
  /** HTTP status → count; 0 = no answer (connection error or timeout). */
  statusCounts: Record<string, number>;
  /** Each request's status, in send order (0 = no answer). */
  statuses: number[];
  rejected429WithRetryAfter: number;
  timeouts: number;
  /** How long sending took: first send to last send, plus one interval (= sent / rate when on schedule). */
  sendSeconds: number;
  /** From the first send to the last answer. */
  answeredSeconds: number;
  /** How late requests left against their schedule (the generator or its connections falling behind), p99. */
  lateMsP99: number;
  /** Answer time (request → response end), p50 and p99. */
  answerMs: { p50: number; p99: number };
  /** CPU this process spent while sending (user + system). */
  cpuMs: number;
};

const quantile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Sends every request once, at `ratePerS`, and resolves when each is answered or has timed out. */
export const sendAtConstantRate = async (
  requests: readonly LoadRequest[],
  o: ConstantRateOptions,
): Promise<ConstantRateResult> => {
  const agent = new Agent({ keepAlive: true, maxSockets: o.connectionsMax });
  const statuses = new Array<number>(requests.length).fill(0);
  const answerMs: number[] = [];
  const lateMs: number[] = [];
  let withRetryAfter = 0;
  let timeouts = 0;
  let answered = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let lastAnswer = start;
  let lastSent = start;

  await new Promise<void>((resolve) => {
    if (requests.length === 0) return resolve();
    const done = (): void => {
      answered += 1;
      lastAnswer = performance.now();
      if (answered === requests.length) resolve();
    };
    const fire = (index: number, due: number): void => {
      const { url, method, headers, body } = requests[index];
      const sentAt = performance.now();
      lastSent = sentAt;
      let settled = false;
      const settle = (status: number): void => {
        if (settled) return;
        settled = true;
        statuses[index] = status;
        done();
      };
      const req = httpRequest(
        url,
        { method, agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            answerMs.push(performance.now() - sentAt);
            if (res.statusCode === 429 && res.headers['retry-after'] !== undefined) withRetryAfter += 1;
            settle(res.statusCode ?? 0);
          });
        },
      );
      req.on('socket', () => lateMs.push(performance.now() - due));
      req.setTimeout(o.timeoutMs, () => {
        timeouts += 1;
        req.destroy();
      });
      req.on('error', () => settle(0));
      req.end(body);
    };
    let next = 0;
    const intervalMs = 1000 / o.ratePerS;
    const tick = (): void => {
      const now = performance.now();
      while (next < requests.length && start + next * intervalMs <= now) {
        fire(next, start + next * intervalMs);
        next += 1;
      }
      if (next < requests.length)
        setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    tick();
  });
  const cpu = process.cpuUsage(cpuStart);
  agent.destroy();
  const statusCounts: Record<string, number> = {};
  for (const status of statuses) statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  answerMs.sort((a, b) => a - b);
  lateMs.sort((a, b) => a - b);
  return {
    sent: requests.length,
    statusCounts,
    statuses,
    rejected429WithRetryAfter: withRetryAfter,
    timeouts,
    sendSeconds: (lastSent - start) / 1000 + 1 / o.ratePerS,
    answeredSeconds: (lastAnswer - start) / 1000,
    lateMsP99: round1(quantile(lateMs, 0.99)),
    answerMs: { p50: round1(quantile(answerMs, 0.5)), p99: round1(quantile(answerMs, 0.99)) },
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
};
