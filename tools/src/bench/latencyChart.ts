/**
 * The report's chart: end-to-end latency (p50 and p99) against the offered rate, one line per system
 * (baseline, project, project with history), with the p99 target as a rule — a Vega-Lite spec rendered
 * to SVG by Vega on the server (no browser).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { BenchJson } from './benchReport.ts';

type Point = { offered: number; latency: number; system: string; percentile: string };

const seriesOf = (target: string, phase: string): string =>
  target === 'baseline' ? 'baseline' : phase.startsWith('history-') ? 'project, with history' : 'project';

/** The points: every knee and steady step with a known percentile (warm-ups left out). */
export const chartPoints = (json: BenchJson): Point[] =>
  json.steps
    .filter((s) => !s.phase.endsWith('warm'))
    .flatMap((s) =>
      (['p50', 'p99'] as const).flatMap((q) => {
        const latency = s[`${q}_ms`];
        return latency === null
          ? []
          : [
              {
                offered: s.offered_per_s,
                latency: Math.max(1, latency),
                system: seriesOf(s.target, s.phase),
                percentile: q,
              },
            ];
      }),
    );

/** The chart as SVG text. */
export const latencyChartSvg = async (json: BenchJson): Promise<string> => {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'End-to-end latency (POST at the PSP → final status) against offered rate',
    width: 640,
    height: 360,
    layer: [
      {
        data: { values: chartPoints(json) },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'offered', type: 'quantitative', title: 'offered payments/s' },
          y: {
            field: 'latency',
            type: 'quantitative',
            title: 'latency ms (log)',
            scale: { type: 'log' },
          },
          color: { field: 'system', type: 'nominal', title: null },
          strokeDash: { field: 'percentile', type: 'nominal', title: null, legend: { symbolType: 'stroke' } },
          order: { field: 'offered', type: 'quantitative' },
        },
      },
      {
        data: { values: [{ target: json.p99_target_ms }] },
        mark: { type: 'rule', color: 'firebrick', strokeDash: [2, 2] },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
};
