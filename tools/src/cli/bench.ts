/**
 * `make bench` (QUICK=1 for a harness check, HISTORY=1000000 for the history comparison): the bare
 * pipeline and the project measured in one run on this box — knees, steady scenarios at 50 % and 80 % of
 * the project's knee, CPU per component, Postgres statements, broker messages, crypto share, outbox lag —
 * written to reports/bench/ (bench/runBench.ts; what each figure means: tools/README.md).
 *   node tools/src/cli/bench.ts [--quick] [--history 1000000] [--history-days 30] [--p99-ms 250] [--keep]
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { FULL_SETTINGS, QUICK_SETTINGS, runBench } from '../bench/runBench.ts';
import { writeBenchReports } from '../bench/writeBenchReports.ts';
import { LOCAL_SETTINGS_HELP, REPO_ROOT, localSettings } from '../config.ts';

const values = new Command('bench')
  .description(
    'Measure the bare inbox/outbox pipeline and the project in one run on their own prefixes, databases and ' +
      'ports (never the live network): knees (highest rate with p99 under the target), steady scenarios at ' +
      "50 % and 80 % of the project's knee and an overload step at 150 % (429s with Retry-After), CPU per " +
      'component, Postgres statements, broker messages, crypto share, outbox lag. Writes ' +
      'reports/bench/<timestamp>.md and latest.json. Needs make bootstrap (pg_stat_statements). A full run ' +
      'takes about 17 minutes (about 35 with --history 1000000); run it on a quiet machine.',
  )
  .option('--quick', 'tiny steps: checks the harness in about 3 minutes (figures not to quote)', false)
  .option(
    '--history <payments>',
    'first measure on an empty network, then load this many payments of history and measure the knee again',
    numberArgument({ min: 0, integer: true }),
    0,
  )
  .option('--history-days <days>', 'the history spreads over this many days', numberArgument({ min: 1 }), 30)
  .option('--p99-ms <ms>', 'the knee criterion: p99 end to end at most this', numberArgument({ min: 1 }), 250)
  .option(
    '--step-seconds <s>',
    "seconds per knee step (default 20, quick 4; a full run's slow steps run until they offer 500 payments)",
    numberArgument({ min: 1 }),
  )
  .option('--steady-seconds <s>', 'seconds per steady step (default 40, quick 8)', numberArgument({ min: 1 }))
  .option('--keep', "keep the project network's databases, keys and logs (under .run/bench/<run>)", false)
  .option('--reports-dir <dir>', 'where the reports go', join(REPO_ROOT, 'reports', 'bench'))
  .addHelpText(
    'after',
    `${LOCAL_SETTINGS_HELP}\n  SY_*                      other service settings pass to the bench's services (e.g. SY_PREFETCH)`,
  )
  .parse()
  .opts<{
    quick: boolean;
    history: number;
    historyDays: number;
    p99Ms: number;
    stepSeconds?: number;
    steadySeconds?: number;
    keep: boolean;
    reportsDir: string;
  }>();

const base = values.quick ? QUICK_SETTINGS : FULL_SETTINGS;
try {
  const run = await runBench({
    settings: localSettings(),
    bench: {
      ...base,
      stepSeconds: values.stepSeconds ?? base.stepSeconds,
      steadySeconds: values.steadySeconds ?? base.steadySeconds,
      criteria: { ...base.criteria, p99TargetMs: values.p99Ms },
    },
    quick: values.quick,
    history: values.history,
    historyDays: values.historyDays,
    keep: values.keep,
    say: (line) => console.log(line),
  });
  const { json, markdownFile } = await writeBenchReports(run, values.reportsDir);
  console.log(
    `bench: knee ${json.knee_payments_per_s}/s, baseline ${json.baseline_payments_per_s}/s ` +
      `(ratio ${json.ratio_to_baseline ?? '—'}); p99 at 80 % ${json.at_80pct.p99_ms ?? '—'} ms; ` +
      `${json.cpu_ms_per_payment ?? '—'} ms CPU and ${json.pg_statements_per_payment} statements per payment`,
  );
  console.log(`bench: ${markdownFile} and ${join(values.reportsDir, 'latest.json')}`);
} catch (error) {
  console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
}
