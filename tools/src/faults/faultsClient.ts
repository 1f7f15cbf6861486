/**
 * A client of one participant's failure-injection API (GET/POST/DELETE /v1/faults, docs/failures.md), for
 * `make inject` and the chaos run.
 */
import type { FaultRule, FaultRuleInput, FaultRuleList } from '@switchyard/outbox';

export type FaultsClient = {
  list(): Promise<FaultRuleList>;
  add(rule: FaultRuleInput): Promise<FaultRule>;
  remove(id: string): Promise<boolean>;
  clear(): Promise<number>;
};

/** @throws Error with the service's answer when it refuses a request (400 for a rule that cannot apply). */
export const faultsClient = (baseUrl: string, operatorKey: string): FaultsClient => {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        'x-operator-key': operatorKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok && response.status !== 404) {
      const text = await response.text();
      throw new Error(`${method} ${baseUrl}${path}: HTTP ${response.status} ${text}`);
    }
    return response;
  };
  return {
    list: async () => (await (await call('GET', '/v1/faults')).json()) as FaultRuleList,
    add: async (rule) => (await (await call('POST', '/v1/faults', rule)).json()) as FaultRule,
    remove: async (id) => (await call('DELETE', `/v1/faults/${encodeURIComponent(id)}`)).status === 204,
    clear: async () => ((await (await call('DELETE', '/v1/faults')).json()) as { removed: number }).removed,
  };
};
