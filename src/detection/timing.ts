/**
 * Synchronised timing (THREATS.md S8; issue 4, clusters). A controller that fans each batch of
 * work out to the same pool of accounts at once makes those accounts active in the same instants,
 * however differently each words its prompt and whichever exit each request takes. Each account
 * keeps the ticks (`detection.timing_tick`) of its last three bursts of activity; their signature
 * is a fingerprint (kind `timing`) that its requests carry beside their content fingerprints, so
 * accounts active in exactly the same three ticks link as accounts sharing a template do: counted
 * per fingerprint, pooled and scored by the same index and clusters, off the request path.
 *
 * Only sparse activity signs. The three ticks must be at least MIN_GAP_TICKS apart and within one
 * window: an account busy tick after tick would share its latest ticks with every other busy
 * account by chance, and a signature older than the window links nothing the window still holds.
 * Two independent accounts at ordinary rates share three exact ticks rarely, and three of them
 * (a cluster's minimum) more rarely still; a chance crowd that does is scored on its pooled
 * behaviour like any other cluster, which two families must carry.
 */
import { fingerprint, mix } from '../signals/hash.ts';
import { PRINT } from '../signals/request-signals.ts';

/** Ticks between two of a signature's bursts, at least: the account idled in between. */
export const MIN_GAP_TICKS = 2;

/** No tick yet. */
export const NO_TICK = -1;

/**
 * The timing fingerprint of bursts at ticks `first` < `second` < `third`, or 0 when they do not
 * sign: a tick missing, two closer than MIN_GAP_TICKS, or the three spanning more than `span`
 * ticks (one window).
 */
export function timingKey(first: number, second: number, third: number, span: number): number {
  if (first === NO_TICK || second === NO_TICK || third === NO_TICK) return 0;
  if (second - first < MIN_GAP_TICKS || third - second < MIN_GAP_TICKS) return 0;
  if (third - first > span) return 0;
  // Ticks exceed 32 bits (ms since the epoch ÷ the tick): `>>> 0` keeps their low 32 bits, which
  // differ between any two ticks of one window.
  return fingerprint(PRINT.timing, mix(mix(first >>> 0, second >>> 0), third >>> 0));
}
