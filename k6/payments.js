// k6 scenario: a constant arrival rate of payment initiations against the PSP ingress.
// Prepare first (node tools/src/cli/loadPrepare.ts --payments N), then:
//   k6 run -e RATE=25 -e DURATION=60s k6/payments.js
// Each iteration sends one pre-sealed request from .run/load/plan.json (own txn id, idempotency key and
// creds bound to that txn id and amount). Afterwards `node tools/src/cli/loadReport.ts` prints completion figures.
// The same scenario without k6: `make load` (tools/src/cli/load.ts, the same constant arrival rate).
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import { SharedArray } from 'k6/data';

const payments = new SharedArray(
  'payments',
  () => JSON.parse(open(__ENV.PLAN || '../.run/load/plan.json')).payments,
);

export const options = {
  scenarios: {
    pay: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 25),
      timeUnit: '1s',
      duration: __ENV.DURATION || '60s',
      preAllocatedVUs: 50,
      maxVUs: 200,
    },
  },
  thresholds: {
    'http_req_failed{expected_response:true}': ['rate<0.01'],
    http_req_duration: ['p(99)<500'],
    checks: ['rate>0.99'],
  },
};

export default function () {
  const index = exec.scenario.iterationInTest;
  if (index >= payments.length) {
    exec.test.abort(`the plan holds ${payments.length} payments: prepare more`);
  }
  const p = payments[index];
  const response = http.post(`${p.pspUrl}/v1/payments`, JSON.stringify(p.body), {
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${p.token}`,
      'x-device-id': p.deviceId,
      'idempotency-key': p.idempotencyKey,
    },
    tags: { name: 'POST /v1/payments' },
  });
  check(response, {
    'accepted (202)': (r) => r.status === 202,
    'not throttled (429)': (r) => r.status !== 429,
  });
}
