/**
 * The bench's human report, reports/bench/<timestamp>.md: the same figures as latest.json (benchReport.ts)
 * against issue 9's targets, the latency chart, and the detail the hot-path work is judged by — CPU per
 * component, statements per payment by text, handling time per message type, broker queues, and where
 * each service's CPU goes by the profile. Pure: text in, text out.
 */
import type { BenchJson, Scenario, StepRow } from './benchReport.ts';
import { stepOf } from './benchReport.ts';
import type { StepMeasurement } from './measureStep.ts';
import type { BenchRun } from './runBench.ts';

const cell = (value: number | string | null | undefined, unit = ''): string =>
  value === null || value === undefined ? '—' : `${value}${unit}`;
const pct = (share: number): string => `${Math.round(share * 1000) / 10} %`;
const table = (header: string[], rows: Array<Array<string | number>>): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

const headline = (json: BenchJson): string => {
  const h = json.history;
  const rows: Array<Array<string | number>> = [
    ['knee (p99 ≤ target, < 1 % lost)', cell(json.knee_payments_per_s, ' payments/s'), ''],
    ['baseline knee, same run', cell(json.baseline_payments_per_s, ' payments/s'), ''],
    ['ratio_to_baseline', cell(json.ratio_to_baseline), '≥ 2.5'],
    ['p99 at 50 % of the knee', cell(json.at_50pct.p99_ms, ' ms'), '≤ 100 ms'],
    ['p99 at 80 % of the knee', cell(json.at_80pct.p99_ms, ' ms'), '≤ 250 ms'],
    ['success at 80 %', cell(json.success_pct, ' %'), ''],
    [
      'overload at 150 %: completed/s (offered/s)',
      `${json.overload_completed_per_s} (${json.overload_offered_per_s})`,
      'about the knee',
    ],
    [
      'overload: refused 429 (of which with Retry-After)',
      `${json.overload_429_pct} % (${cell(json.overload_429_retry_after_pct, ' %')})`,
      'Retry-After on every 429',
    ],
    [
      'overload: p99 of the admitted payments',
      cell(json.overload_p99_ms, ' ms'),
      'bounded (no growing backlog)',
    ],
    [
      'admission limit after the overload (per PSP)',
      `${cell(json.overload_admission_limit)} (${json.overload_admission_limit_per_psp.join(' + ') || '—'})`,
      '',
    ],
    [
      'CPU per payment (baseline)',
      `${cell(json.cpu_ms_per_payment, ' ms')} (${cell(json.baseline.cpu_ms_per_payment, ' ms')})`,
      '',
    ],
    [
      'idle: CPU ms per second (baseline)',
      `${json.idle_cpu_ms_per_s} (${json.baseline.idle_cpu_ms_per_s})`,
      '',
    ],
    [
      'idle: Postgres statements per second (baseline)',
      `${json.idle_pg_statements_per_s} (${json.baseline.idle_pg_statements_per_s})`,
      '',
    ],
    [
      'Postgres statements per payment (baseline)',
      `${json.pg_statements_per_payment} (${json.baseline.pg_statements_per_payment})`,
      '≤ 35',
    ],
    [
      'COMMIT statements per payment (baseline)',
      `${json.pg_commits_per_payment} (${json.baseline.pg_commits_per_payment})`,
      '',
    ],
    ['all committed transactions per payment', cell(json.pg_xact_commits_per_payment), ''],
    ['transactions/s committed while idle', cell(json.pg_idle_xact_commits_per_s), ''],
    [
      'broker messages per payment (baseline)',
      `${cell(json.broker_messages_per_payment)} (${cell(json.baseline.broker_messages_per_payment)})`,
      '',
    ],
    ['crypto share of CPU', cell(json.crypto_cpu_pct, ' %'), '≤ 5 %'],
    ['outbox lag p99 (insert → confirm)', cell(json.outbox_lag_p99_ms, ' ms'), ''],
  ];
  if (h !== null)
    rows.push([
      `knee with ${h.payments} payments of history (empty)`,
      `${h.knee_payments_per_s} (${h.knee_empty_payments_per_s}) payments/s, ratio ${cell(h.ratio_to_empty)}`,
      'within 10 %',
    ]);
  return table(['figure', 'value', 'target (issue 9)'], rows);
};

const scenarios = (json: BenchJson): string => {
  const row = (name: string, s: Scenario): Array<string | number> => [
    name,
    s.offered_per_s,
    s.sent_per_s,
    s.completed_per_s,
    cell(s.p50_ms),
    cell(s.p95_ms),
    cell(s.p99_ms),
    `${s.success_pct} %`,
    `${s.rejected_429} (${s.rejected_429_with_retry_after})`,
    cell(s.cpu_ms_per_payment),
  ];
  return table(
    [
      'scenario',
      'offered/s',
      'sent/s',
      'completed/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'success',
      '429 (with Retry-After)',
      'CPU ms/payment',
    ],
    [
      row('project at 50 %', json.at_50pct),
      row('project at 80 %', json.at_80pct),
      row('project at 150 % (overload)', json.at_150pct),
      row('baseline at 80 %', json.baseline.at_80pct),
    ],
  );
};

const cpuTable = (project: StepMeasurement, baseline: StepMeasurement): string => {
  const rows = (m: StepMeasurement, system: string) =>
    Object.entries(m.cpu.byComponentMs)
      .sort((a, b) => b[1] - a[1])
      .map(([component, ms]) => [
        system,
        component,
        m.payments > 0 ? Math.round((10 * ms) / m.payments) / 10 : '—',
        pct(m.cpu.share[component] ?? 0),
      ]);
  return table(
    ['system', 'component', 'CPU ms per payment', 'share'],
    [...rows(project, 'project'), ...rows(baseline, 'baseline')],
  );
};

const statements = (m: StepMeasurement): string =>
  table(
    ['calls/payment', 'rows/payment', 'exec ms/payment', 'statement'],
    m.pg.top
      .filter((s) => s.calls >= 0.1)
      .slice(0, 25)
      .map((s) => [
        s.calls,
        s.rows,
        s.execMs,
        `\`${s.query.length > 150 ? `${s.query.slice(0, 147)}…` : s.query}\``.replace(/\|/g, '\\|'),
      ]),
  );

const handling = (m: StepMeasurement): string =>
  table(
    ['message type', 'handled', 'mean ms', 'p99 ms'],
    Object.entries(m.handling ?? {})
      .sort((a, b) => b[1].meanMs - a[1].meanMs)
      .map(([type, h]) => [type, h.count, h.meanMs, cell(h.p99Ms)]),
  );

const queues = (m: StepMeasurement): string =>
  table(
    ['queue', 'published/payment', 'delivered/payment'],
    Object.entries(m.broker?.byQueue ?? {}).map(([queue, q]) => [
      queue,
      Math.round((10 * q.published) / Math.max(1, m.payments)) / 10,
      Math.round((10 * q.delivered) / Math.max(1, m.payments)) / 10,
    ]),
  );

const profiles = (m: StepMeasurement): string =>
  table(
    [
      'service',
      'CPU ms (/proc)',
      'sampled JS ms',
      '(program) ms',
      'crypto',
      'top code areas (share of the JS samples)',
    ],
    Object.entries(m.profile?.byService ?? {}).map(([service, p]) => [
      service,
      m.cpu.byComponentMs[service] ?? '—',
      p.sampledMs,
      p.programMs,
      `${pct(p.cryptoShare)}, ${p.cryptoCpuMs} ms (${pct(p.cryptoSchemaShare)})`,
      p.byArea
        .slice(0, 8)
        .map((a) => `${a.area} ${pct(a.share)}`)
        .join(', '),
    ]),
  );

const steps = (rows: StepRow[]): string =>
  table(
    [
      'system',
      'phase',
      'offered/s',
      'sent/s',
      'completed/s',
      'p50',
      'p95',
      'p99',
      '429',
      'CPU ms/pay',
      'stmts/pay',
      'other CPU ms/s',
      'pass',
    ],
    rows.map((s) => [
      s.target,
      s.phase,
      s.offered_per_s,
      s.sent_per_s,
      s.completed_per_s,
      cell(s.p50_ms),
      cell(s.p95_ms),
      cell(s.p99_ms),
      s.rejected_429,
      cell(s.cpu_ms_per_payment),
      s.pg_statements_per_payment,
      s.machine_other_ms_per_s,
      s.pass ? 'yes' : `no: ${s.why.join('; ')}`,
    ]),
  );

const METHOD = `- **Knee**: steps at a constant arrival rate (open loop: request i leaves at i / rate), each offering 500
  payments at least (a slow rate's step runs longer), each drained until nothing is in flight; a step passes when p99 end to end ≤ the target and at most 1 % of the
  requests were refused (429), failed or never finished. The rate ramps up geometrically, then bisects.
- **Latency**: the PSP's own stamps (payment accepted → final status); for the baseline its own columns.
- **CPU**: utime + stime from /proc around each step, for RabbitMQ (beam.smp), the Postgres processes of the
  system's databases plus the server's shared ones, each service, and the load generator's own
  process.cpuUsage(); "other CPU" is what the rest of the machine used meanwhile (a shared box's noise).
- **Postgres**: pg_stat_statements reset at the start of a step (every statement, BEGIN/COMMIT/DISCARD ALL
  included); COMMITs are its COMMIT statements; "all committed transactions" is pg_stat_database
  xact_commit (single statements and background loops included), read after Postgres's 10 s reporting
  delay with one idle stretch of the same length taken off.
- **Broker**: the management API's per-queue publish counters for the system's prefix, settled.
- **Crypto**: CPU profiles of every service (V8 inspector, 2 ms sampling) during a step of their own at
  50 %; a service's share of JavaScript samples inside envelope seal/open (contracts/src/crypto, tweetnacl,
  inclusive) × that service's CPU in the clean 50 % step, summed, over all components' CPU there (the
  profiler's own cost is in neither). V8's "(program)" samples (no JavaScript on the stack: on a busy box
  mostly a woken thread waiting for a core) are left out of the shares, which errs towards more crypto.
- **Outbox lag**: the relays' outbox_lag_seconds histogram (row created_at → broker confirm), p99.
- **Overload**: a steady step at 150 % of the knee, last of the project's steps. The PSPs' admission control
  answers 429 with Retry-After beyond their adaptive limit (SY_ADMISSION_LATENCY_TARGET_MS, between
  SY_PAYMENTS_IN_FLIGHT_MIN and SY_PAYMENTS_IN_FLIGHT_MAX); the load generator does not retry them. Its
  p99 is over the admitted payments; the limit is each PSP's psp_admission_limit gauge when the step closed.`;

/** The markdown report; `chartFile` is the SVG's name beside it. */
export const benchMarkdown = (run: BenchRun, json: BenchJson, chartFile: string): string => {
  const profiled = stepOf(run.project, 'profile50');
  const at80 = stepOf(run.project, 'steady80');
  const baseline80 = stepOf(run.baseline, 'steady80');
  const other = Math.round(at80.cpuOutsideMs.restOfMachine / Math.max(0.1, at80.windowSeconds));
  return [
    `# Bench ${json.generated_at} (${json.mode})`,
    '',
    json.mode === 'quick'
      ? '> QUICK run: tiny steps that check the harness. Do not quote these figures.\n'
      : '',
    `Knee criterion: p99 ≤ ${json.p99_target_ms} ms. During the 80 % step the rest of the machine used ` +
      `${other} ms of CPU per second (0 on a quiet box; 2 cores = 2000).`,
    '',
    headline(json),
    '',
    `![latency against offered rate](${chartFile})`,
    '',
    '## Steady scenarios',
    scenarios(json),
    '',
    '## CPU per payment by component (80 % steps)',
    cpuTable(at80, baseline80),
    '',
    '## Postgres statements per payment (project, 80 %)',
    statements(at80),
    '',
    '## Handling time per message type (project, 80 %)',
    handling(at80),
    '',
    '## Broker queues (project, 80 %)',
    queues(at80),
    '',
    '## Where the services spend their CPU (profiles, a step of their own at 50 %)',
    profiles(profiled),
    '',
    '## Every step',
    steps(json.steps),
    '',
    '## How each figure is measured',
    METHOD,
    '',
  ].join('\n');
};
