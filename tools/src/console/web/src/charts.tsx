/**
 * Chart.js charts as Preact components: a line chart over time (the live figures) and a bar chart
 * (declines by code). Each chart is created once and updated in place, without animation.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#52606d';

export type Line = { label: string; color: string; values: Array<number | null> };

type LineChartProps = {
  title: string;
  unit: string;
  labels: string[];
  lines: Line[];
  yMax?: number;
  /** The newest values, as text under the title. */
  now: string;
  testId: string;
};

export const LineChart = ({ title, unit, labels, lines, yMax, now, testId }: LineChartProps) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', Array<number | null>, string> | null>(null);
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'line',
      data: {
        labels: [],
        datasets: lines.map((line) => ({
          label: line.label,
          data: [],
          borderColor: line.color,
          backgroundColor: line.color,
          borderWidth: 2,
          pointRadius: 0,
          spanGaps: true,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { ticks: { maxTicksLimit: 4, maxRotation: 0 } },
          y: { beginAtZero: true, max: yMax, title: { display: true, text: unit } },
        },
        plugins: { legend: { display: lines.length > 1, position: 'bottom' } },
      },
    });
    return () => chart.current?.destroy();
  }, []);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = labels;
    lines.forEach((line, i) => {
      current.data.datasets[i].data = line.values;
    });
    current.update('none');
  }, [labels, lines]);
  return (
    <section class="card chart" data-testid={testId}>
      <h2>
        {title}{' '}
        <span class="now" data-testid={`${testId}-now`}>
          {now}
        </span>
      </h2>
      <div class="plot">
        <canvas ref={canvas} />
      </div>
    </section>
  );
};

type BarChartProps = { labels: string[]; values: number[]; colors: string[] };

export const BarChart = ({ labels, values, colors }: BarChartProps) => {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar', number[], string> | null>(null);
  useEffect(() => {
    chart.current = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'payments', data: [], backgroundColor: [] }] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: 'y',
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false } },
      },
    });
    return () => chart.current?.destroy();
  }, []);
  useEffect(() => {
    const current = chart.current;
    if (!current) return;
    current.data.labels = labels;
    current.data.datasets[0].data = values;
    current.data.datasets[0].backgroundColor = colors;
    current.update('none');
  }, [labels, values, colors]);
  return (
    <div class="plot">
      <canvas ref={canvas} />
    </div>
  );
};
