/** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export interface Timings<T> {
  p50: number;
  p95: number;
  /** The timed calls' ms, in order, to 0.1 ms. */
  samples: number[];
  /** The last call's result. */
  last: T;
}

/**
 * `warmup` untimed calls, then `n` timed ones, one after another. Each call reports its own `ms`, so
 * that checking its answer stays outside the timing. With a budget, timing stops once `budget.seconds`
 * have passed and `budget.min` calls are in, so a slow machine still finishes.
 */
export async function timeSequential<T extends { ms: number }>(
  warmup: number,
  n: number,
  call: () => Promise<T>,
  budget?: { seconds: number; min: number }
): Promise<Timings<T>> {
  let last: T | undefined;
  for (let i = 0; i < warmup; i++) last = await call();
  const samples: number[] = [];
  const deadline = performance.now() + (budget?.seconds ?? Infinity) * 1000;
  for (let i = 0; i < n && (i < (budget?.min ?? n) || performance.now() < deadline); i++) {
    last = await call();
    samples.push(last.ms);
  }
  if (!last) throw new Error('timeSequential: no calls');
  return { p50: oneDecimal(percentile(samples, 50)), p95: oneDecimal(percentile(samples, 95)), samples: samples.map(oneDecimal), last };
}
