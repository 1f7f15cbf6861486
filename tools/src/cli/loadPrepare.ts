/**
 * Prepares the plan of a k6 scenario (k6/scenarios.json) for `k6 run k6/<scenario>.js` or `load --plan`:
 * load payers seeded and onboarded through the real flow, one pre-sealed payment per iteration the
 * scenario starts (load/prepareLoad.ts), in .run/load/<scenario>.plan.json.
 *   node tools/src/cli/loadPrepare.ts [--scenario steady]
 */
import { Command } from 'commander';
import { loadNetwork } from '@switchyard/infra';
import { prepareLoad } from '../load/prepareLoad.ts';
import { arrivalTimes, loadScenarios } from '../load/scenarios.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings } from '../config.ts';

const scenarios = loadScenarios();
const values = new Command('loadPrepare')
  .description(
    'Seed and onboard the load customers of a k6 scenario (real flow) and write one pre-sealed payment ' +
      'request per iteration to .run/load/<scenario>.plan.json, for k6 run k6/<scenario>.js or load --plan. ' +
      'Needs make up.',
  )
  .option('--scenario <name>', `one of ${Object.keys(scenarios).join(', ')}`, 'steady')
  .addHelpText('after', `${LOCAL_SETTINGS_HELP}\n  SY_LOAD_PIN               the load payers' UPI PIN (5791)`)
  .parse()
  .opts<{ scenario: string }>();

const scenario = scenarios[values.scenario];
if (!scenario) {
  console.error(`loadPrepare: no scenario ${values.scenario} (known: ${Object.keys(scenarios).join(', ')})`);
  process.exit(2);
}
const settings = localSettings();
await prepareLoad({
  settings,
  network: loadNetwork(settings.networkFile),
  scenario: values.scenario,
  scenarioIndex: Object.keys(scenarios).indexOf(values.scenario),
  shape: scenario.plan,
  faults: scenario.faults,
  // k6 starts about this many; a few more in case its spacing rounds the other way
  paymentCount: arrivalTimes(scenario.executor).length + 10,
  pin: toolSettings().loadPin,
});
