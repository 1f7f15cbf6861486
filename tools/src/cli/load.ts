/**
 * `make load SCENARIO=steady|ramp|skewed|mix`: a k6 scenario of k6/scenarios.json run by the local runner
 * (no k6 needed): prepares its plan (load payers onboarded through the real flow, one pre-sealed payment
 * per iteration), sets the scenario's failure-injection rules, sends the payments on k6's arrival schedule,
 * follows each one until it is final, clears the rules, prints the figures and checks k6's thresholds
 * (exit 99 when one fails, as k6 does). `k6 run k6/<scenario>.js` runs the same scenario with k6.
 *   node tools/src/cli/load.ts [--scenario steady] [--plan file]
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadNetwork } from '@switchyard/infra';
import { checkThresholds, kneeOf, percentile, windowsOf } from '../load/loadFigures.ts';
import { prepareLoad, type LoadPlan } from '../load/prepareLoad.ts';
import { clearFaults, runScenario, setFaults, type RunResult } from '../load/runScenario.ts';
import { arrivalTimes, loadScenarios, type Scenario } from '../load/scenarios.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings } from '../config.ts';

const scenarios = loadScenarios();
const values = new Command('load')
  .description(
    'A k6 scenario (k6/scenarios.json) run locally: prepare its plan (real onboarding, pre-sealed ' +
      'payments), send it on the arrival schedule, follow every payment until final, print the figures ' +
      'and check the thresholds. Needs make up.',
  )
  .option('--scenario <name>', `one of ${Object.keys(scenarios).join(', ')}`, 'steady')
  .option('--plan <file>', 'replay this plan instead of preparing one')
  .addHelpText('after', `${LOCAL_SETTINGS_HELP}\n  SY_LOAD_PIN               the load payers' UPI PIN (5791)`)
  .parse()
  .opts<{ scenario: string; plan?: string }>();

const scenario: Scenario | undefined = scenarios[values.scenario];
if (!scenario) {
  console.error(`load: no scenario ${values.scenario} (known: ${Object.keys(scenarios).join(', ')})`);
  process.exit(2);
}
const settings = localSettings();
const network = loadNetwork(settings.networkFile);
const planFile =
  values.plan ??
  (await prepareLoad({
    settings,
    network,
    scenario: values.scenario,
    scenarioIndex: Object.keys(scenarios).indexOf(values.scenario),
    shape: scenario.plan,
    faults: scenario.faults,
    paymentCount: arrivalTimes(scenario.executor).length,
    pin: toolSettings().loadPin,
  }));
const plan = JSON.parse(readFileSync(planFile, 'utf8')) as LoadPlan;
console.log(`load ${values.scenario}: ${scenario.description}`);
const faults = await setFaults(plan);
let result: RunResult;
try {
  result = await runScenario(values.scenario, scenario, plan);
} finally {
  await clearFaults(faults);
}

const { records, metrics } = result;
const count = (what: (r: (typeof records)[number]) => boolean) => records.filter(what).length;
const finals = records.filter((r) => r.final);
/** The other answers by status (0: no answer within the client's timeout, or the connection failed). */
const otherStatuses = (): string => {
  const other = new Map<number, number>();
  for (const r of records)
    if (r.status !== 202 && r.status !== 429) other.set(r.status, (other.get(r.status) ?? 0) + 1);
  return other.size === 0
    ? ''
    : ` (${[...other].map(([status, n]) => `${status || 'no answer'} ×${n}`).join(', ')})`;
};
const byOutcome = new Map<string, number>();
for (const r of finals) {
  const key =
    r.final!.status === 'SUCCESS'
      ? 'SUCCESS'
      : `${r.final!.status} ${r.final!.errCode ?? ''} (${r.final!.declineClass ?? '-'})`;
  byOutcome.set(key, (byOutcome.get(key) ?? 0) + 1);
}
const e2e = metrics.trends.get('payment_e2e_ms')!.values;
const ms = (p: number) => `${Math.round(percentile(e2e, p) ?? NaN)} ms`;
const firstStart = 0;
const lastFinal = Math.max(...finals.map((r) => r.startedAtMs + r.final!.e2eMs));
console.log(
  `iterations ${records.length} in ${(result.elapsedMs / 1000).toFixed(1)} s (dropped ${result.dropped}); ` +
    `POST /v1/payments: 202 ${count((r) => r.status === 202)}, 429 ${count((r) => r.status === 429)}, ` +
    `other ${count((r) => r.status !== 202 && r.status !== 429)}${otherStatuses()}`,
);
console.log(
  `final ${finals.length} of ${count((r) => r.status === 202)} accepted (not final in time: ${count((r) => r.unfinished === true)}): ` +
    [...byOutcome]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', '),
);
const kinds = new Map<string, number>();
for (const r of records) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
if (kinds.size > 1)
  console.log(`sent by kind (the plan's mix): ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
if (e2e.length > 0)
  console.log(
    `end to end (PSP accepted → final): p50 ${ms(50)}, p90 ${ms(90)}, p95 ${ms(95)}, p99 ${ms(99)}, max ${ms(100)}; ` +
      `completed ${(finals.length / ((lastFinal - firstStart) / 1000)).toFixed(1)} payments/s`,
  );
if (scenario.executor.executor === 'ramping-arrival-rate') {
  const windows = windowsOf(records, result.droppedAtMs, 5);
  console.log('  from   offered/s  accepted/s  429/s  e2e p95');
  for (const w of windows)
    console.log(
      `  ${String(w.fromS).padStart(3)} s ${w.offeredPerS.toFixed(1).padStart(10)} ${w.acceptedPerS.toFixed(1).padStart(11)} ` +
        `${w.throttledPerS.toFixed(1).padStart(6)}  ${w.p95Ms === undefined ? '-' : `${Math.round(w.p95Ms)} ms`}`,
    );
  const knee = kneeOf(windows);
  console.log(knee === undefined ? 'knee: not reached' : `knee: about ${knee.toFixed(0)} payments/s offered`);
}
let failed = false;
console.log('thresholds (k6/scenarios.json):');
for (const t of checkThresholds(metrics, scenario.thresholds)) {
  failed ||= !t.ok;
  const value =
    t.value === undefined ? 'no value' : Number.isInteger(t.value) ? String(t.value) : t.value.toFixed(4);
  console.log(`  ${t.ok ? '✓' : '✗'} ${t.metric} ${t.expression} (${value})`);
}
process.exit(failed ? 99 : 0);
