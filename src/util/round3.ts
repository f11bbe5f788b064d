/** Rounded to 3 decimals: the precision of every score, risk and contribution in a record. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
