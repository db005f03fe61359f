/** Minutes as hours with one decimal, as the certificate prints them: 90 → '1.5'. Rounded from whole minutes, so no float drift. */
export function hoursOf(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}
