/**
 * The console's page is built by Vite (Preact + Chart.js, tools/src/console/web) into web/dist the first
 * time the console starts, and again whenever a source is newer than the build — so a fresh clone, `make
 * console`, docker-compose and the browser test all serve the current page without a separate build step.
 * The build goes to a private folder first and is then moved into place, so a console starting meanwhile
 * never serves half a build.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB_ROOT = fileURLToPath(new URL('./web/', import.meta.url));
const DIST = join(WEB_ROOT, 'dist');

const newestIn = (path: string): number => {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestIn(join(path, name))));
};

const isFresh = (): boolean => {
  const built = join(DIST, 'index.html');
  if (!existsSync(built)) return false;
  const sources = Math.max(newestIn(join(WEB_ROOT, 'src')), newestIn(join(WEB_ROOT, 'index.html')));
  return statSync(built).mtimeMs >= sources;
};

/** Builds the page when needed. @returns the folder to serve. @throws the Vite build error */
export const ensureWebBuilt = async (log: (message: string) => void): Promise<string> => {
  if (isFresh()) return DIST;
  log('console: building the page (vite) …');
  const { build } = await import('vite');
  const staging = `${DIST}.${process.pid}`;
  await build({
    root: WEB_ROOT,
    base: './',
    configFile: false,
    logLevel: 'warn',
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { outDir: staging, emptyOutDir: true, chunkSizeWarningLimit: 1_000 },
  });
  rmSync(DIST, { recursive: true, force: true });
  renameSync(staging, DIST);
  return DIST;
};
