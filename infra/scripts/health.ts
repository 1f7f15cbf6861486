/** Container healthcheck: exits 0 when SY_PARTICIPANT's /health answers 200. */
import { loadNetwork } from '../src/network.ts';
import { servicesOf } from '../src/launcher/launchNetwork.ts';
import { localSettings } from '../src/launcher/settings.ts';

const spec = servicesOf(loadNetwork(localSettings().networkFile)).find(
  (s) => s.id === process.env.SY_PARTICIPANT,
);
const response = await fetch(`http://127.0.0.1:${spec?.port ?? 0}/health`, {
  signal: AbortSignal.timeout(2000),
}).catch(() => undefined);
process.exit(response?.ok ? 0 : 1);
