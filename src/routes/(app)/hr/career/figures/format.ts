/** Tenths of a percent → "12.3%"; null (nobody employed) stays null. */
export const permilleToPercent = (permille: number | null): number | null => (permille === null ? null : permille / 10);
export const percentText = (value: number) => `${value.toFixed(1)}%`;
