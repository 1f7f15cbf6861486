/**
 * After a load run (k6 or `load`): waits until every payment of the plan that was sent is final, then
 * prints statuses, end-to-end latency percentiles and the completion rate (load/collectLoadReport.ts).
 *   node tools/src/cli/loadReport.ts [--scenario steady] [--plan file] [--wait-seconds 120]
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { numberArgument } from '../commandLine/numberArgument.ts';
import { collectLoadReport, printLoadReport } from '../load/collectLoadReport.ts';
import { loadPlanFile, type LoadPlan } from '../load/prepareLoad.ts';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

const values = new Command('loadReport')
  .description(
    'Wait until every payment of a load plan that was sent is final, then print statuses, end-to-end ' +
      'latency (PSP accepted → final) percentiles and the completion rate.',
  )
  .option('--scenario <name>', 'the scenario whose plan to report on', 'steady')
  .option('--plan <file>', 'the plan (default: .run/load/<scenario>.plan.json)')
  .option('--wait-seconds <n>', 'report anyway after this long', numberArgument(), 120)
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse()
  .opts<{ scenario: string; plan?: string; waitSeconds: number }>();

const plan = JSON.parse(
  readFileSync(values.plan ?? loadPlanFile(localSettings().runDir, values.scenario), 'utf8'),
) as LoadPlan;
printLoadReport(await collectLoadReport(plan, values.waitSeconds));
