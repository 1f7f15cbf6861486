/**
 * `make up` also starts the network console (tools/src/cli/console.ts) in the background, beside the
 * services, and `make down` stops it: its pid and address live in the network's state file.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, toolSettings } from '../config.ts';

export type ConsoleState = { pid: number; url: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the console detached (its output in <logsDir>/console.log) and waits until it answers. */
export const startConsoleDetached = async (logsDir: string, timeoutMs = 90_000): Promise<ConsoleState> => {
  const tools = toolSettings();
  mkdirSync(logsDir, { recursive: true });
  const out = openSync(join(logsDir, 'console.log'), 'a');
  const child = spawn(process.execPath, [join(REPO_ROOT, 'tools/src/cli/console.ts')], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  const host = tools.consoleHost === '0.0.0.0' ? '127.0.0.1' : tools.consoleHost;
  const url = `http://${host}:${tools.consolePort}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the console exited with ${child.exitCode} (see console.log)`);
    const answered = await fetch(`${url}/api/snapshot`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { pid: child.pid!, url };
    await sleep(300);
  }
  throw new Error(`the console did not answer at ${url} within ${timeoutMs} ms (see console.log)`);
};

/** Stops the console started by startConsoleDetached (SIGTERM; it closes its connections). */
export const stopConsole = async (state: ConsoleState): Promise<void> => {
  try {
    process.kill(state.pid, 'SIGTERM');
  } catch {
    return; // gone already
  }
  for (let i = 0; i < 50; i += 1) {
    try {
      process.kill(state.pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  process.kill(state.pid, 'SIGKILL');
};
