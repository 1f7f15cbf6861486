/**
 * Headless Chromium for browser tests: Debian's `chromium` package (tools/scripts/ensureBrowser.sh installs
 * it) driven by playwright-core — no browser download. Each launch gets a fresh profile directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

export type Browser = { context: BrowserContext; close(): Promise<void> };

export const launchBrowser = async (): Promise<Browser> => {
  const profile = await mkdtemp(join(tmpdir(), 'sy-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1500, height: 1250 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
};
