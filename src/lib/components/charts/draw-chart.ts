/**
 * The Chart.js side shared by draw-bar-chart.ts and draw-line-chart.ts. Only those two import
 * it, and the chart components load them with a dynamic import, so Chart.js is fetched by pages
 * that draw a chart, and only once they are on screen.
 * Chart.js draws on a canvas and sets sizes through element.style (not markup), so the strict CSP
 * (script hashes only) has nothing to block; it neither injects <style> nor evaluates strings.
 */
import { Chart, type ChartConfiguration, type ChartType } from 'chart.js';
import { GRID, INK } from './palette';
import type { ChartHandle } from './types';

export type Config<Type extends ChartType> = ChartConfiguration<Type, (number | null)[], string>;

/** Draws the chart `config` builds from `spec`; an update rebuilds it from the new spec in place. */
export function drawChart<Type extends ChartType, Spec>(
  canvas: HTMLCanvasElement,
  spec: Spec,
  config: (canvas: HTMLCanvasElement, spec: Spec) => Config<Type>
): ChartHandle<Spec> {
  const chart = new Chart(canvas, config(canvas, spec));
  return {
    update(next) {
      const fresh = config(canvas, next);
      chart.data = fresh.data;
      if (fresh.options) chart.options = fresh.options;
      chart.update();
    },
    destroy() {
      chart.destroy();
    }
  };
}

/** What every chart shares: it fills its box, keeps still for people who ask for less motion, and writes in the page's font. */
export function commonLook(canvas: HTMLCanvasElement, format: (value: number) => string) {
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const font = { family: getComputedStyle(canvas).fontFamily, size: 13 };
  return {
    font,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? (false as const) : { duration: 300 },
      color: INK,
      font
    },
    /** The value axis: grid lines, and ticks in the chart's format. */
    valueAxis: {
      grid: { color: GRID },
      ticks: { color: INK, font, callback: (value: string | number) => format(Number(value)) }
    },
    tooltip: {
      callbacks: {
        label: (item: { dataset: { label?: string }; raw: unknown }) =>
          `${item.dataset.label ?? ''}: ${item.raw === null ? '—' : format(Number(item.raw))}`
      }
    }
  };
}
