/** The four live charts: payments/s, success rate, TD/BD shares, end-to-end latency percentiles. */
import { useMemo } from 'preact/hooks';
import type { SeriesPoint } from '../../liveTypes.ts';
import { LineChart, type Line } from './charts.tsx';
import { clock, millis, percent } from './format.ts';

type Props = { series: SeriesPoint[]; windows: { rateSeconds: number; latencySeconds: number } };

const share = (value: number | null): number | null => (value === null ? null : value * 100);

export const FiguresPanel = ({ series, windows }: Props) => {
  const labels = useMemo(() => series.map((p) => clock(p.t)), [series]);
  const lines = useMemo(
    () => ({
      rate: [{ label: 'payments/s', color: '#2563eb', values: series.map((p) => p.perSecond) }],
      success: [{ label: 'success', color: '#16a34a', values: series.map((p) => share(p.success)) }],
      declines: [
        { label: 'TD (technical)', color: '#dc2626', values: series.map((p) => share(p.td)) },
        { label: 'BD (business)', color: '#d97706', values: series.map((p) => share(p.bd)) },
      ],
      latency: [
        { label: 'p50', color: '#0891b2', values: series.map((p) => p.p50) },
        { label: 'p95', color: '#7c3aed', values: series.map((p) => p.p95) },
        { label: 'p99', color: '#db2777', values: series.map((p) => p.p99) },
      ] satisfies Line[],
    }),
    [series],
  );
  const last = series.at(-1);
  return (
    <div class="figures">
      <LineChart
        title={`Payments/s (last ${windows.rateSeconds} s)`}
        unit="per second"
        labels={labels}
        lines={lines.rate}
        now={last ? last.perSecond.toFixed(1) : '–'}
        testId="chart-rate"
      />
      <LineChart
        title="Success rate"
        unit="%"
        yMax={100}
        labels={labels}
        lines={lines.success}
        now={percent(last?.success)}
        testId="chart-success"
      />
      <LineChart
        title="Declines: TD / BD share"
        unit="%"
        yMax={100}
        labels={labels}
        lines={lines.declines}
        now={`TD ${percent(last?.td)} · BD ${percent(last?.bd)}`}
        testId="chart-declines"
      />
      <LineChart
        title={`End to end (last ${windows.latencySeconds} s)`}
        unit="ms"
        labels={labels}
        lines={lines.latency}
        now={`p50 ${millis(last?.p50)} · p95 ${millis(last?.p95)} · p99 ${millis(last?.p99)}`}
        testId="chart-latency"
      />
    </div>
  );
};
