/**
 * The magic amounts and VPAs (docs/failures.md): a default rule set every bank and PSP of the demo network
 * and of the test networks starts with (SY_FAULTS), so each row of the reversal table can be reproduced
 * with `make pay AMOUNT=1.74` or a payment to `fault.noanswer@kite`. Data, not code: magic.json.
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../config.ts';

export const MAGIC_FAULTS_FILE = join(REPO_ROOT, 'tools/src/faults/magic.json');
