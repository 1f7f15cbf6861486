// k6 scenario "steady": a constant arrival rate of payments, each followed until final (end-to-end latency, completion).
// The scenario (executor, thresholds, plan shape) is k6/scenarios.json, shared with the local runner.
// Prepare its plan first (payers onboarded through the real flow, payments pre-sealed):
//   node tools/src/cli/loadPrepare.ts --scenario steady
//   k6 run k6/steady.js
// Without k6: make load SCENARIO=steady (tools/src/load/) runs the same scenario and checks the same thresholds.
import { SharedArray } from 'k6/data';
import { clearFaults, optionsFor, payOnce, setFaults } from './lib/payments.js';

const NAME = 'steady';
const PLAN = __ENV.PLAN || `../.run/load/${NAME}.plan.json`;
const payments = new SharedArray(`${NAME} payments`, () => JSON.parse(open(PLAN)).payments);
const faults = new SharedArray(`${NAME} faults`, () => JSON.parse(open(PLAN)).faults);

export const options = optionsFor(JSON.parse(open('./scenarios.json')), NAME);

export function setup() {
  return { faults: setFaults(faults) };
}

export default function () {
  payOnce(payments);
}

export function teardown(data) {
  clearFaults(data.faults);
}
