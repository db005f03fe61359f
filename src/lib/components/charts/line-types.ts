/** What a line chart shows; plain data, so pages build it without loading the chart code. */
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

export interface LineChartHandle {
  update(spec: LineChartSpec): void;
  destroy(): void;
}
