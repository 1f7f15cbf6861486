/**
 * `make rebuild`: rebuilds every payment of the switch from its event log (payment_events) and compares
 * with the payments table. Prints the report as JSON; exits 1 when any payment does not match, 2 on an
 * error.
 */
import { Command } from 'commander';
import { createDb, databaseUrl, loadNetwork } from '@switchyard/infra';
import { rebuildAll } from '@switchyard/switch';
import { LOCAL_SETTINGS_HELP, localSettings } from '../config.ts';

const program = new Command('rebuild')
  .description(
    "Rebuild every payment from the switch's event log and compare with its payments table; prints " +
      '{ checked, mismatchCount, mismatches } as JSON. Exit 1 on a mismatch, 2 on an error.',
  )
  .argument('[databaseUrl]', "the switch's database (default: the local network's)")
  .addHelpText('after', LOCAL_SETTINGS_HELP)
  .parse();

const settings = localSettings();
const url =
  program.processedArgs[0] ??
  databaseUrl(settings.postgresUrl, loadNetwork(settings.networkFile).switch.database);
const db = await createDb(url, { poolSizeMax: 2 });
try {
  const report = await rebuildAll(db.pool);
  process.stdout.write(
    `${JSON.stringify({ checked: report.checked, mismatchCount: report.mismatches.length, mismatches: report.mismatches }, null, 2)}\n`,
  );
  process.exitCode = report.mismatches.length === 0 ? 0 : 1;
} catch (error) {
  process.stderr.write(`rebuild failed: ${(error as Error).message}\n`);
  process.exitCode = 2;
} finally {
  await db.end();
}
