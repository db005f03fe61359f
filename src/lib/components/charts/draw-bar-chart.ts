/**
 * The only module that imports Chart.js. BarChart.svelte loads it with a dynamic import, so the
 * chart code is fetched by pages that draw a chart, and only once they are on screen.
 * Chart.js draws on a canvas and sets sizes through element.style (not markup), so the strict CSP
 * (script hashes only) has nothing to block; it neither injects <style> nor evaluates strings.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { BarChartHandle, BarChartSpec } from './types';

// Only what a bar chart needs: tree-shaken, about a third of the full bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** High enough contrast against white (WCAG 1.4.11: 3:1 for graphics) and apart for colour-blind eyes. */
const COLOURS = ['#b71c1c', '#0a58ca', '#1a7f37', '#6f42c1'];
const INK = '#1f2328';
const GRID = '#d0d7de';

type Fill = 'solid' | 'stripes' | 'dots' | 'cross';
const FILLS: Fill[] = ['solid', 'stripes', 'dots', 'cross'];

/**
 * Colour is not the only cue (WCAG 1.4.1): each series also has its own fill — solid, stripes,
 * dots, cross-hatch — in the bars and in the legend's boxes.
 */
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

function config(canvas: HTMLCanvasElement, spec: BarChartSpec): ChartConfiguration<'bar', (number | null)[], string> {
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const font = { family: getComputedStyle(canvas).fontFamily, size: 13 };
  return {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((s, i) => ({
        label: s.name,
        // Copies: Chart.js patches the arrays it is given, which must stay the page's own.
        data: [...s.values],
        backgroundColor: fillFor(COLOURS[i % COLOURS.length]!, FILLS[i % FILLS.length]!),
        borderColor: COLOURS[i % COLOURS.length],
        borderWidth: 1
      }))
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      color: INK,
      font,
      scales: {
        [valueAxis]: {
          beginAtZero: true,
          max: spec.max,
          grid: { color: GRID },
          ticks: { color: INK, font, callback: (value: string | number) => spec.format(Number(value)) }
        },
        [valueAxis === 'x' ? 'y' : 'x']: { grid: { display: false }, ticks: { color: INK, font, autoSkip: false } }
      },
      plugins: {
        legend: { position: 'top', labels: { color: INK, font, boxWidth: 18, boxHeight: 14 } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${item.raw === null ? '—' : spec.format(Number(item.raw))}`
          }
        }
      }
    }
  };
}

export function drawBarChart(canvas: HTMLCanvasElement, spec: BarChartSpec): BarChartHandle {
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
