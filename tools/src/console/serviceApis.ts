/**
 * How the console asks the services: /metrics, /health and the operator API (X-Operator-Key), each with a
 * short timeout: failure injection (GET/POST/DELETE /v1/faults, every service, outbox's FaultRuleList) and
 * the switch's circuit breakers (GET /v1/breakers). A service that does not answer one shows it as "not
 * available", not as an error.
 */
import { parsePrometheus, type Sample } from '../watch/liveStats.ts';
import type { BreakerView, FaultRuleView, ServiceRow } from './liveTypes.ts';

export type Answer = { status: number; body: unknown };

const TIMEOUT_MS = 2_500;

/** One HTTP call; a transport failure is status 0 with the error's message. */
export const call = async (
  url: string,
  init: { method?: string; operatorKey?: string; body?: unknown } = {},
): Promise<Answer> => {
  try {
    const headers: Record<string, string> = {};
    if (init.operatorKey !== undefined) headers['x-operator-key'] = init.operatorKey;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: keep the text (Prometheus, an HTML error page)
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, body: { message: (error as Error).message } };
  }
};

export const scrapeMetrics = async (baseUrl: string): Promise<Sample[] | undefined> => {
  const answer = await call(`${baseUrl}/metrics`);
  return answer.status === 200 && typeof answer.body === 'string' ? parsePrometheus(answer.body) : undefined;
};

export const healthOf = async (baseUrl: string): Promise<ServiceRow['health']> => {
  const answer = await call(`${baseUrl}/health`);
  if (answer.status === 200) return 'ok';
  return answer.status === 0 ? 'down' : 'degraded';
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const listOf = (body: unknown, field: string): Array<Record<string, unknown>> =>
  isRecord(body) && Array.isArray(body[field]) ? body[field].filter(isRecord) : [];

/** GET /v1/faults → { participant, rules: FaultRule[] }: the rule's matching fields shown as they are. */
export const faultRulesOf = (body: unknown): FaultRuleView[] =>
  listOf(body, 'rules').map((raw) => {
    const { id, action, fired, source, createdAt: _createdAt, ...rule } = raw;
    return {
      id: String(id),
      action: String(action),
      fired: typeof fired === 'number' ? fired : null,
      source: source === 'config' ? 'config' : 'api',
      rule,
    };
  });

/**
 * GET /v1/breakers → { breakers: [{ bank, status, since, window: { outcomes, failures, successes, rejects },
 * transitions }] }, keyed by bank; the window's counts and `since` are the details.
 */
export const breakersOf = (body: unknown): Map<string, BreakerView> => {
  const breakers = new Map<string, BreakerView>();
  for (const { bank, status, since, window } of listOf(body, 'breakers')) {
    if (typeof bank !== 'string') continue;
    const details: BreakerView['details'] = typeof since === 'string' ? { since } : {};
    if (isRecord(window))
      for (const [name, count] of Object.entries(window))
        if (typeof count === 'number') details[name] = count;
    // CLOSED, OPEN, HALF_OPEN → closed, open, half-open (the page's badge classes)
    breakers.set(bank, { status: String(status).toLowerCase().replace('_', '-'), details });
  }
  return breakers;
};
