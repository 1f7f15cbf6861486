/**
 * How the console asks the services: /metrics, /health and the operator API (X-Operator-Key), each with a
 * short timeout. Endpoints other engineers add in parallel (failure injection GET/POST/DELETE /v1/faults on
 * every service, the switch's GET /v1/breakers) may not exist yet: a 404 is "not available", not an error,
 * and their answers are read leniently (see faultRulesOf, breakersOf).
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

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** The list inside an answer: the answer itself, or its `field` (an array, or a record keyed by name). */
const listIn = (body: unknown, field: string, keyName: string): Array<Record<string, unknown>> => {
  const inner = isRecord(body) && field in body ? body[field] : body;
  if (Array.isArray(inner)) return inner.filter(isRecord);
  if (isRecord(inner))
    return Object.entries(inner)
      .filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1]))
      .map(([name, value]) => ({ [keyName]: name, ...value }));
  return [];
};

/** GET /v1/faults → rules: an array, or { rules: [...] }; the fire count as fired / fireCount / firedCount. */
export const faultRulesOf = (body: unknown): FaultRuleView[] =>
  listIn(body, 'rules', 'id').map((raw) => {
    const { id, action, fired, fireCount, firedCount, ...rule } = raw;
    return {
      id: String(id),
      action: typeof action === 'string' ? action : '?',
      fired: numberOrNull(fired ?? fireCount ?? firedCount),
      rule,
    };
  });

const scalar = (value: unknown): value is string | number | boolean =>
  ['string', 'number', 'boolean'].includes(typeof value);

/**
 * GET /v1/breakers → per bank: an array of { bank | participant | id, state, …counts }, { breakers: … }
 * as an array or keyed by bank. Nested count objects are flattened (counts.failures → failures).
 */
export const breakersOf = (body: unknown): Map<string, BreakerView> => {
  const breakers = new Map<string, BreakerView>();
  for (const raw of listIn(body, 'breakers', 'bank')) {
    const { bank, participant, id, state, ...rest } = raw;
    const name = bank ?? participant ?? id;
    if (typeof name !== 'string') continue;
    const details: BreakerView['details'] = {};
    for (const [field, value] of Object.entries(rest)) {
      if (scalar(value)) details[field] = value;
      else if (isRecord(value))
        for (const [inner, v] of Object.entries(value)) if (scalar(v)) details[inner] = v;
    }
    breakers.set(name, { state: typeof state === 'string' ? state : '?', details });
  }
  return breakers;
};
