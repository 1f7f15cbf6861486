/**
 * Rebuilds every payment from payment_events and compares with the payments table.
 * Usage: node switch/scripts/rebuild.ts [databaseUrl]   (default: SY_DATABASE_URL)
 * Prints the report as JSON; exits 1 when any payment does not match, 2 on an error.
 */
import { createDb } from '@switchyard/infra';
import { rebuildAll } from '../src/db/rebuildAll.ts';

const url = process.argv[2] ?? process.env.SY_DATABASE_URL;
if (url === undefined) {
  process.stderr.write('usage: node switch/scripts/rebuild.ts <databaseUrl> (or set SY_DATABASE_URL)\n');
  process.exit(2);
}
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
