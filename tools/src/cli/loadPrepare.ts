/**
 * Prepares a load plan for k6 (k6/payments.js) or `load --plan` (load/prepareLoad.ts).
 *   node tools/src/cli/loadPrepare.ts [--payments 3000] [--payers 24]
 */
import { Command } from 'commander';
import { loadNetwork } from '@switchyard/infra';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { prepareLoad } from '../load/prepareLoad.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings } from '../config.ts';

const values = new Command('loadPrepare')
  .description(
    'Seed and onboard load payers (real flow) and write N pre-sealed payment requests to ' +
      '.run/load/plan.json, for k6 run k6/payments.js or load --plan. Needs make up.',
  )
  .option('--payments <n>', 'payment requests in the plan', numberArgument({ min: 1, integer: true }), 3000)
  // Payer i pays payer i + 1 + (i mod 5): with 6 payers or more nobody pays themselves.
  .option('--payers <n>', 'load payers', numberArgument({ min: 6, integer: true }), 24)
  .addHelpText('after', `${LOCAL_SETTINGS_HELP}\n  SY_LOAD_PIN               the load payers' UPI PIN (5791)`)
  .parse()
  .opts<{ payments: number; payers: number }>();

const settings = localSettings();
await prepareLoad({
  settings,
  network: loadNetwork(settings.networkFile),
  paymentCount: values.payments,
  payerCount: values.payers,
  pin: toolSettings().loadPin,
});
