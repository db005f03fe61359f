/**
 * Rounding rules for pay (written down in docs/pay-rules.md):
 * - every amount is a whole number of fen;
 * - a line that needs a fraction (a coefficient, a share of the month, part of an hour) is computed
 *   as one exact fraction of integers and rounded once, half up (四舍五入) to the fen;
 * - totals are sums of the rounded lines, never rounded again.
 * BigInt keeps the products exact however large the amounts.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  const result = Number(q);
  if (!Number.isSafeInteger(result)) throw new RangeError('amount out of range');
  return negative ? -result : result;
}

/** amount × Π(numerators) ÷ Π(denominators), rounded half up once. */
export function scaleFen(amountFen: number, numerators: number[], denominators: number[]): number {
  const num = numerators.reduce((acc, n) => acc * BigInt(n), BigInt(amountFen));
  const den = denominators.reduce((acc, d) => acc * BigInt(d), 1n);
  return roundHalfUp(num, den);
}
