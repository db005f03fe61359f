/** Chart.js line charts for LineChart.svelte, which loads this module by a dynamic import. */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { commonLook, drawChart, type Config } from './draw-chart';
import { BLUE, GREEN, INK, nth, PURPLE, RED } from './palette';
import type { ChartHandle, LineChartSpec } from './types';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = [BLUE, RED, GREEN, PURPLE];
/** Each series' own point shape and dash: colour is not the only cue. */
const POINTS = ['circle', 'rect', 'triangle', 'rectRot'] as const;
const DASHES = [[], [6, 4], [2, 3], [8, 3, 2, 3]];

function config(canvas: HTMLCanvasElement, spec: LineChartSpec): Config<'line'> {
  const look = commonLook(canvas, spec.format);
  return {
    type: 'line',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s, i) => ({
        label: s.name,
        // A copy: Chart.js patches the arrays it is given. Null is a gap, never joined over.
        data: [...s.values],
        borderColor: nth(COLOURS, i),
        backgroundColor: nth(COLOURS, i),
        borderDash: nth(DASHES, i),
        borderWidth: 2,
        pointStyle: nth(POINTS, i),
        pointRadius: 4,
        pointHoverRadius: 6,
        spanGaps: false
      }))
    },
    options: {
      ...look.options,
      scales: {
        y: { ...look.valueAxis, min: spec.min, max: spec.max },
        x: { offset: true, grid: { display: false }, ticks: { color: INK, font: look.font, maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } }
      },
      plugins: {
        legend: { position: 'top', labels: { color: INK, font: look.font, usePointStyle: true } },
        tooltip: look.tooltip
      }
    }
  };
}

export function drawLineChart(canvas: HTMLCanvasElement, spec: LineChartSpec): ChartHandle<LineChartSpec> {
  return drawChart(canvas, spec, config);
}
