/**
 * Headless Chromium for the browser tests: Debian's `chromium` (tools/scripts/ensureBrowser.sh installs it)
 * driven by playwright-core, which downloads no browser of its own. Each browser context is one phone:
 * its own storage, so its own device id and session. Playwright gives every launch a fresh profile
 * directory of its own (the --user-data-dir of a fresh run).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @param options.cameraVideo a Y4M file the browser's camera shows (support/fakeCamera.ts); the camera
 *   prompt is then answered yes
 * @throws Error when Chromium is not installed (run tools/scripts/ensureBrowser.sh)
 */
export const launchBrowser = async (options: { cameraVideo?: string } = {}): Promise<Browser> => {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `${CHROMIUM_PATH} is missing: run tools/scripts/ensureBrowser.sh (apt-get install chromium)`,
    );
  const camera = options.cameraVideo
    ? [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${options.cameraVideo}`,
      ]
    : [];
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...ARGS, ...camera] });
};

/** A phone: a fresh browser context with a phone-sized screen. */
export const newPhone = (browser: Browser, permissions: string[] = []): Promise<BrowserContext> =>
  browser.newContext({
    viewport: { width: 390, height: 760 },
    deviceScaleFactor: 1,
    locale: 'en-IN',
    permissions,
  });
