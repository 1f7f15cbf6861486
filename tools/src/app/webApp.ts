/**
 * The customer's UPI app as the tools run it: build the web page (Vite, app/vite.config.ts) and the app
 * server's options for a network — each PSP under its handle, the banks a customer can discover accounts
 * at, the phone network. `make up` (cli/app.ts) and the browser test use these.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { AppServerOptions } from '@switchyard/app/server';
import type { Network } from '@switchyard/infra';
import { REPO_ROOT } from '../config.ts';

/**
 * `vite build` of app/ into app/dist (a few seconds).
 * @throws Error with Vite's output when the build fails
 */
export const buildWebApp = (): void => {
  const vite = join(REPO_ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: join(REPO_ROOT, 'app'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the app's build failed:\n${result.stdout}${result.stderr}`);
};

/** The IFSC the app asks a bank's accounts at: the bank's first branch (`LOTS0000001`). */
const discoveryIfscOf = (ifscPrefix: string): string => `${ifscPrefix}0000001`;

export const appServerOptionsFor = (
  network: Network,
  options: { urlOf: (participant: string) => string; amqpUrl: string; port: number; host?: string },
): AppServerOptions => ({
  psps: network.psps.map((p) => ({
    participant: p.id,
    name: p.name,
    handle: p.handle,
    url: options.urlOf(p.id),
  })),
  banks: network.banks.map((b) => ({ participant: b.id, name: b.name, ifsc: discoveryIfscOf(b.ifscPrefix) })),
  amqpUrl: options.amqpUrl,
  prefix: network.prefix,
  port: options.port,
  host: options.host,
});

/** The address a customer opens: their PSP's app, as their phone (`?phone=`), their name filled in. */
export const appAddressFor = (
  appUrl: string,
  customer: { name: string; mobile: string; psp: string },
  network: Network,
): string => {
  const handle = network.psps.find((p) => p.id === customer.psp)?.handle ?? network.psps[0].handle;
  return `${appUrl}/${handle}/?phone=${customer.mobile}&name=${encodeURIComponent(customer.name)}`;
};
