/** What a chart shows is plain data, so pages build it without loading the chart code. */
export interface ChartHandle<Spec> {
  /** Redraws the same chart from a new spec. */
  update(spec: Spec): void;
  destroy(): void;
}

export type DrawChart<Spec> = (canvas: HTMLCanvasElement, spec: Spec) => ChartHandle<Spec>;

export interface BarSeries {
  /** Shown in the legend, the tooltip and the table's column head. */
  name: string;
  /** One per label; null where there is nothing to show (no bar, "no figure" in the table). */
  values: (number | null)[];
}

export interface BarChartSpec {
  labels: string[];
  series: BarSeries[];
  /** Bars across, for long category names and narrow screens. */
  horizontal: boolean;
  /** The value axis ends here (100 for shares); otherwise it fits the data. */
  max?: number;
  /** A value as people read it, with its unit ("75%", "3.5 小时"). */
  format: (value: number) => string;
}

export interface LineSeries {
  /** Shown in the legend and the tooltip. */
  name: string;
  /** One per label; null where nothing is shown (a gap in the line). */
  values: (number | null)[];
}

export interface LineChartSpec {
  labels: string[];
  series: LineSeries[];
  min?: number;
  max?: number;
  /** A value as people read it ("62.4", "75%"). */
  format: (value: number) => string;
}
