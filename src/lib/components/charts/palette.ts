/**
 * The charts' colours. Series colours reach 3:1 against white (WCAG 1.4.11, graphics) and stay
 * apart for colour-blind eyes. Colour is never the only cue (WCAG 1.4.1): each chart also gives
 * every series a look of its own — bars a fill pattern, lines a dash and a point shape.
 */
export const RED = '#b71c1c';
export const BLUE = '#0a58ca';
export const GREEN = '#1a7f37';
export const PURPLE = '#6f42c1';
/** Text, ticks and the legend. */
export const INK = '#1f2328';
/** Grid lines along the value axis. */
export const GRID = '#d0d7de';

/** The look of the i-th series from a list of looks, starting over past its end. */
export function nth<T>(looks: readonly T[], i: number): T {
  return looks[i % looks.length]!;
}
