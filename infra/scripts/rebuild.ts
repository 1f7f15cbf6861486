/** `make rebuild`: rebuilds every payment of the local switch from its event log and compares (switch/scripts/rebuild.ts). */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { databaseUrl, loadNetwork } from '@switchyard/infra';
import { localSettings, REPO_ROOT } from '../src/launcher/settings.ts';

const settings = localSettings();
const url = databaseUrl(settings.postgresUrl, loadNetwork(settings.networkFile).switch.database);
try {
  execFileSync(process.execPath, [join(REPO_ROOT, 'switch/scripts/rebuild.ts'), url], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
