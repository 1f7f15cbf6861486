/** The containers' healthcheck (docker-compose.yml): exits 0 when SY_PARTICIPANT's /health answers 200. */
import { Command } from 'commander';
import { loadNetwork } from '@switchyard/infra';
import { servicesOf } from '../network/launchNetwork.ts';
import { LOCAL_SETTINGS_HELP, localSettings, toolSettings } from '../config.ts';

new Command('health')
  .description(
    'Exit 0 when the /health of the participant SY_PARTICIPANT answers 200, else 1 (container healthcheck).',
  )
  .addHelpText(
    'after',
    `${LOCAL_SETTINGS_HELP}\n  SY_PARTICIPANT            the participant to ask (switch, psp.zap, …)`,
  )
  .parse();

const spec = servicesOf(loadNetwork(localSettings().networkFile)).find(
  (s) => s.id === toolSettings().participant,
);
const response = await fetch(`http://127.0.0.1:${spec?.port ?? 0}/health`, {
  signal: AbortSignal.timeout(2000),
}).catch(() => undefined);
process.exit(response?.ok ? 0 : 1);
