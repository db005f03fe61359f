/** Chart.js bar charts for BarChart.svelte, which loads this module by a dynamic import. */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { commonLook, drawChart, type Config } from './draw-chart';
import { BLUE, GREEN, INK, nth, PURPLE, RED } from './palette';
import type { BarChartSpec, ChartHandle } from './types';

// Only what a bar chart needs: tree-shaken, about a third of the full bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const COLOURS = [RED, BLUE, GREEN, PURPLE];

type Fill = 'solid' | 'stripes' | 'dots' | 'cross';
/** Each series' own fill, in the bars and in the legend's boxes: colour is not the only cue. */
const FILLS: Fill[] = ['solid', 'stripes', 'dots', 'cross'];

function fillFor(colour: string, fill: Fill): string | CanvasPattern {
  if (fill === 'solid') return colour;
  const size = 8;
  const tile = document.createElement('canvas');
  tile.width = tile.height = size;
  const ctx = tile.getContext('2d');
  if (!ctx) return colour;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, size, size);
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineWidth = 2;
  if (fill === 'dots') {
    ctx.beginPath();
    ctx.arc(size / 2, size / 2, 1.6, 0, Math.PI * 2);
    ctx.fill();
  } else {
    ctx.beginPath();
    ctx.moveTo(0, size);
    ctx.lineTo(size, 0);
    ctx.moveTo(-size / 2, size / 2);
    ctx.lineTo(size / 2, -size / 2);
    ctx.moveTo(size / 2, size * 1.5);
    ctx.lineTo(size * 1.5, size / 2);
    if (fill === 'cross') {
      ctx.moveTo(0, 0);
      ctx.lineTo(size, size);
    }
    ctx.stroke();
  }
  return ctx.createPattern(tile, 'repeat') ?? colour;
}

function config(canvas: HTMLCanvasElement, spec: BarChartSpec): Config<'bar'> {
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const look = commonLook(canvas, spec.format);
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s, i) => ({
        label: s.name,
        // Copies: Chart.js patches the arrays it is given, which must stay the page's own.
        data: [...s.values],
        backgroundColor: fillFor(nth(COLOURS, i), nth(FILLS, i)),
        borderColor: nth(COLOURS, i),
        borderWidth: 1
      }))
    },
    options: {
      ...look.options,
      indexAxis: spec.horizontal ? 'y' : 'x',
      scales: {
        [valueAxis]: { ...look.valueAxis, beginAtZero: true, max: spec.max },
        [valueAxis === 'x' ? 'y' : 'x']: { grid: { display: false }, ticks: { color: INK, font: look.font, autoSkip: false } }
      },
      plugins: {
        legend: { position: 'top', labels: { color: INK, font: look.font, boxWidth: 18, boxHeight: 14 } },
        tooltip: look.tooltip
      }
    }
  };
}

export function drawBarChart(canvas: HTMLCanvasElement, spec: BarChartSpec): ChartHandle<BarChartSpec> {
  return drawChart(canvas, spec, config);
}
