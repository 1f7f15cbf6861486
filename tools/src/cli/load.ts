/**
 * `make load`: the k6 scenario (k6/payments.js) without k6 — prepares a plan (unless --plan is given),
 * sends it to the PSP ingress at a constant arrival rate (open loop), then reports end to end
 * (load/runLoad.ts). What this box completes, and at which latency: `make bench` (reports/bench/latest.md);
 * above it the PSPs answer 429 with Retry-After, which this counts.
 *   node tools/src/cli/load.ts [--rate 25] [--duration 20] [--connections 32] [--plan file]
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { loadNetwork } from '@switchyard/infra';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { prepareLoad, type LoadPlan } from '../load/prepareLoad.ts';
import { runLoad } from '../load/runLoad.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings } from '../config.ts';

const values = new Command('load')
  .description(
    'The k6 scenario without k6: prepare a plan of pre-sealed payments (load payers onboarded ' +
      'through the real flow), send it to the PSP ingress at a constant arrival rate, report the answers, then ' +
      'end-to-end latency and completion rate once every payment is final. Needs make up.',
  )
  .option('--rate <perSecond>', 'payments per second over all PSPs', numberArgument({ min: 1 }), 25)
  .option(
    '--duration <seconds>',
    'how long to send (the plan holds rate × duration payments)',
    numberArgument({ min: 1 }),
    20,
  )
  .option(
    '--connections <n>',
    'keep-alive HTTP connections at most, over all PSPs (requests beyond wait for one and leave late)',
    numberArgument({ min: 1, integer: true }),
    32,
  )
  .option('--plan <file>', 'replay this plan instead of preparing one')
  .addHelpText('after', `${LOCAL_SETTINGS_HELP}\n  SY_LOAD_PIN               the load payers' UPI PIN (5791)`)
  .parse()
  .opts<{ rate: number; duration: number; connections: number; plan?: string }>();

const settings = localSettings();
const planFile =
  values.plan ??
  (await prepareLoad({
    settings,
    network: loadNetwork(settings.networkFile),
    paymentCount: Math.ceil(values.rate * values.duration),
    payerCount: 24,
    pin: toolSettings().loadPin,
  }));
await runLoad({
  plan: JSON.parse(readFileSync(planFile, 'utf8')) as LoadPlan,
  rate: values.rate,
  connections: values.connections,
});
