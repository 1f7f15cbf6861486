/**
 * Writes a bench run's reports into reports/bench/: <timestamp>.md with its chart <timestamp>.svg, the
 * whole run with every step's detail as <timestamp>.run.json (profiles, statements — for digging), and
 * latest.json, latest.md and latest.svg. Only the three latest.* files are meant to be committed (the
 * repository's .gitignore keeps the rest out).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchMarkdown } from './benchMarkdown.ts';
import { benchJson, type BenchJson } from './benchReport.ts';
import { latencyChartSvg } from './latencyChart.ts';
import type { BenchRun } from './runBench.ts';

/** Writes every file; returns latest.json's content and the timestamped markdown's path. */
export const writeBenchReports = async (
  run: BenchRun,
  dir: string,
): Promise<{ json: BenchJson; markdownFile: string }> => {
  mkdirSync(dir, { recursive: true });
  const json = benchJson(run);
  const stamp = run.finishedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const svg = await latencyChartSvg(json);
  writeFileSync(join(dir, `${stamp}.svg`), svg);
  const markdownFile = join(dir, `${stamp}.md`);
  writeFileSync(markdownFile, benchMarkdown(run, json, `${stamp}.svg`));
  writeFileSync(join(dir, `${stamp}.run.json`), JSON.stringify(run, null, 2));
  copyFileSync(join(dir, `${stamp}.svg`), join(dir, 'latest.svg'));
  writeFileSync(join(dir, 'latest.md'), benchMarkdown(run, json, 'latest.svg'));
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  return { json, markdownFile };
};
