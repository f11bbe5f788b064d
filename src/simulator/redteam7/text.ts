/**
 * Text from templates: `{slot}` is filled from a word list (or a function), `[a|b|c]` picks one
 * alternative, so no two fills of a template need agree on more than its skeleton. `casual`
 * roughens text the way people type (lower case, dropped apostrophes, the odd typo), `numbered`
 * and `paragraphs` assemble longer documents.
 */
import type { Rng } from '../rng.ts';
import { capital, mistype } from '../vocab/templates.ts';

export { capital, fill, fillOne, type Slot, type Slots } from '../vocab/templates.ts';

/** Text as a hurried person types it: `level` 0 is careful, 1 sloppy. */
export function casual(rng: Rng, text: string, level: number): string {
  let out = text;
  if (rng.chance(level * 0.8)) out = out.charAt(0).toLowerCase() + out.slice(1);
  if (rng.chance(level * 0.6)) out = out.replace(/'/g, '');
  if (rng.chance(level * 0.5)) out = out.replace(/\byou\b/g, 'u').replace(/\byour\b/g, 'ur');
  if (rng.chance(level * 0.4)) out = out.replace(/\.$/, '');
  if (rng.chance(level * 0.3)) out = out.replace(/\?$/, '??');
  return mistype(rng, out, rng.chance(level) ? rng.int(1, 3) : 0);
}

/** Lines numbered `1.`, `2.`… (or `-` bullets). */
export function numbered(lines: readonly string[], bullets = false): string {
  return lines.map((line, index) => (bullets ? `- ${line}` : `${index + 1}. ${line}`)).join('\n');
}

/** `count` paragraphs from `make`, blank-line separated. */
export function paragraphs(rng: Rng, count: number, make: (rng: Rng) => string): string {
  return Array.from({ length: count }, () => make(rng)).join('\n\n');
}

/** A made-up proper name from syllables (products, characters, towns). */
export function coined(rng: Rng, syllables = 2): string {
  const parts = [
    'ka',
    'lo',
    'mir',
    'ven',
    'tha',
    'ris',
    'bel',
    'dor',
    'qui',
    'sa',
    'nel',
    'om',
    'zu',
    'fa',
    'ith',
    'gra',
    'pel',
    'cor',
    'um',
    'yst',
  ];
  let out = '';
  for (let i = 0; i < syllables; i++) out += rng.pick(parts);
  return capital(out);
}

/** A money amount like `$48,250.00` or `EUR 1,200`. */
export function money(rng: Rng, min: number, max: number): string {
  const amount = Math.round(min + (max - min) * rng.next());
  const formatted = amount.toLocaleString('en-US');
  return rng.chance(0.7) ? `$${formatted}.00` : `${rng.pick(['EUR', 'GBP', 'CHF'])} ${formatted}`;
}

/** A date in 2025–2027, written one of a few ways. */
export function dateText(rng: Rng): string {
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const day = rng.int(1, 28);
  const month = rng.int(0, 11);
  const year = rng.int(2025, 2027);
  return rng.chance(0.5)
    ? `${months[month] ?? 'June'} ${day}, ${year}`
    : `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
