/**
 * Chart.js for LineChart.svelte, loaded by a dynamic import as draw-bar-chart.ts is: the chart
 * code is fetched only by pages that draw a chart, once they are on screen. Nothing here touches
 * markup or evaluates strings, so the strict CSP has nothing to block.
 */
import { CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import type { LineChartHandle, LineChartSpec } from './line-types';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** The bar chart's colours: 3:1 against white (WCAG 1.4.11), apart for colour-blind eyes. */
const COLOURS = ['#0a58ca', '#b71c1c', '#1a7f37', '#6f42c1'];
const INK = '#1f2328';
const GRID = '#d0d7de';
/** Colour is not the only cue (WCAG 1.4.1): each series has its own point shape and dash. */
const POINTS = ['circle', 'rect', 'triangle', 'rectRot'] as const;
const DASHES = [[], [6, 4], [2, 3], [8, 3, 2, 3]];

function config(canvas: HTMLCanvasElement, spec: LineChartSpec): ChartConfiguration<'line', (number | null)[], string> {
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const font = { family: getComputedStyle(canvas).fontFamily, size: 13 };
  return {
    type: 'line',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s, i) => ({
        label: s.name,
        // A copy: Chart.js patches the arrays it is given. Null is a gap, never joined over.
        data: [...s.values],
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        borderDash: DASHES[i % DASHES.length],
        borderWidth: 2,
        pointStyle: POINTS[i % POINTS.length],
        pointRadius: 4,
        pointHoverRadius: 6,
        spanGaps: false
      }))
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      color: INK,
      font,
      scales: {
        y: {
          min: spec.min,
          max: spec.max,
          grid: { color: GRID },
          ticks: { color: INK, font, callback: (value: string | number) => spec.format(Number(value)) }
        },
        x: { offset: true, grid: { display: false }, ticks: { color: INK, font, maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } }
      },
      plugins: {
        legend: { position: 'top', labels: { color: INK, font, usePointStyle: true } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${item.raw === null ? '—' : spec.format(Number(item.raw))}`
          }
        }
      }
    }
  };
}

export function drawLineChart(canvas: HTMLCanvasElement, spec: LineChartSpec): LineChartHandle {
  const chart = new Chart(canvas, config(canvas, spec));
  return {
    update(next) {
      const fresh = config(canvas, next);
      chart.data = fresh.data;
      chart.options = fresh.options ?? {};
      chart.update();
    },
    destroy() {
      chart.destroy();
    }
  };
}
