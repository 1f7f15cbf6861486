/** Starts the network console (`tools/src/cli/console.ts`) against a test network, on a free port. */
import { spawn, type ChildProcess } from 'node:child_process';
import { testSettings } from '@switchyard/infra/testing';
import { REPO_ROOT } from '@switchyard/tools';
import type { TestNetwork } from './testNetwork.ts';

export type ConsoleProcess = { url: string; child: ChildProcess; output(): string; stop(): Promise<void> };

export const startConsoleProcess = async (net: TestNetwork, timeoutMs = 60_000): Promise<ConsoleProcess> => {
  const settings = testSettings();
  const child = spawn(process.execPath, ['tools/src/cli/console.ts', '--port', '0', '--interval', '0.5'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      SY_NETWORK_FILE: net.networkFile,
      SY_KEYS_DIR: net.keysDir,
      SY_POSTGRES_URL: settings.postgresUrl,
      SY_AMQP_URL: settings.amqpUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`console did not start: ${output}`)), timeoutMs);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const found = /console: (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`console exited with ${code}: ${output}`)));
  });
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
};
