// What every scenario script shares: the options built from k6/scenarios.json (the same definition the
// local runner, tools/src/load/, reads), the custom metrics, and one iteration — send one pre-sealed
// payment of the plan to the PSP ingress, then follow it until it is final (polling GET /v1/payments/:id)
// and record its end-to-end latency (PSP accepted → final, from the PSP's own timestamps).
import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';

const POLL_SECONDS = 0.5;
const FINAL_WAIT_SECONDS = 60;

export const e2e = new Trend('payment_e2e_ms', true);
export const completed = new Rate('payment_completed');
export const success = new Rate('payment_success');
export const businessDecline = new Rate('payment_business_decline');
export const technicalDecline = new Rate('payment_technical_decline');
export const throttled = new Counter('payment_throttled');

/** k6 options for one scenario of scenarios.json (open() them in the entry script: init context). */
export const optionsFor = (scenarios, name) => {
  const scenario = scenarios[name];
  return {
    scenarios: { [name]: { ...scenario.executor, gracefulStop: `${FINAL_WAIT_SECONDS}s` } },
    thresholds: scenario.thresholds,
    setupTimeout: '30s',
  };
};

const userHeaders = (p) => ({
  authorization: `Bearer ${p.token}`,
  'x-device-id': p.deviceId,
});

/** Polls the payer's PSP until the payment is final, or gives up after FINAL_WAIT_SECONDS. */
const followUntilFinal = (p) => {
  const deadline = Date.now() + FINAL_WAIT_SECONDS * 1000;
  while (Date.now() < deadline) {
    sleep(POLL_SECONDS);
    const response = http.get(`${p.pspUrl}/v1/payments/${p.txnId}`, {
      headers: userHeaders(p),
      tags: { name: 'GET /v1/payments/:txnId' },
    });
    if (response.status !== 200) continue;
    const view = response.json();
    if (view.status !== 'PENDING') return view;
  }
  return undefined;
};

/** One iteration: the plan's next payment, sent and followed to its end. */
export const payOnce = (payments) => {
  const index = exec.scenario.iterationInTest;
  if (index >= payments.length) exec.test.abort(`the plan holds ${payments.length} payments: prepare more`);
  const p = payments[index];
  const response = http.post(`${p.pspUrl}/v1/payments`, JSON.stringify(p.body), {
    headers: { ...userHeaders(p), 'content-type': 'application/json', 'idempotency-key': p.idempotencyKey },
    tags: { name: 'POST /v1/payments', kind: p.kind },
  });
  check(response, { 'accepted (202)': (r) => r.status === 202 });
  if (response.status === 429) throttled.add(1);
  if (response.status !== 202) return;
  const view = followUntilFinal(p);
  completed.add(view !== undefined);
  if (view === undefined) return;
  e2e.add(Date.parse(view.finalAt) - Date.parse(view.createdAt), { kind: p.kind });
  success.add(view.status === 'SUCCESS');
  businessDecline.add(view.declineClass === 'BD');
  technicalDecline.add(view.declineClass === 'TD');
};

/** setup(): the scenario's failure-injection rules, set on each service (issue 8a's POST /v1/faults). */
export const setFaults = (faults) => {
  const set = [];
  for (let i = 0; i < faults.length; i += 1) {
    const target = faults[i];
    const response = http.post(`${target.url}/v1/faults`, JSON.stringify(target.rule), {
      headers: { 'content-type': 'application/json', 'x-operator-key': target.operatorKey },
    });
    if (response.status === 201)
      set.push({ url: target.url, operatorKey: target.operatorKey, id: response.json().id });
    else console.warn(`failure injection on ${target.participant}: HTTP ${response.status} (not available?)`);
  }
  return set;
};

/** teardown(): clears the rules setFaults set. */
export const clearFaults = (set) => {
  for (const rule of set)
    http.del(`${rule.url}/v1/faults/${rule.id}`, null, { headers: { 'x-operator-key': rule.operatorKey } });
};
