/**
 * Decoy tool names: plausible, innocuous tool definitions (`fetch_shipment_4k2q`, "Fetches a
 * shipment from the logistics tracker by its identifier…") whose names are specific to one account
 * and one rotation period. A name is an HMAC of the operator's secret over the account id, the
 * period and the decoy's position, mapped onto a pool of verbs and nouns plus a four-character
 * suffix — unguessable without the secret, and traceable with it: a name seen later (in another
 * model's output, in another account's request) names the account it was served to
 * (`distillguard decoy-names --find NAME`). Pure apart from a small cache; the secret lives in a
 * KeyObject captured by the namer and is never printed.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export interface DecoyTool {
  readonly name: string;
  readonly description: string;
  /** The JSON Schema of its input (one string identifier). */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** Verbs that read as "<verb> a <noun> by its identifier". */
const VERBS: readonly (readonly [name: string, phrase: string])[] = [
  ['lookup', 'Looks up'],
  ['fetch', 'Fetches'],
  ['get', 'Gets'],
  ['read', 'Reads'],
  ['load', 'Loads'],
  ['retrieve', 'Retrieves'],
  ['resolve', 'Resolves'],
  ['inspect', 'Inspects'],
  ['describe', 'Describes'],
  ['find', 'Finds'],
  ['check', 'Checks'],
  ['query', 'Queries'],
  ['open', 'Opens'],
  ['pull', 'Pulls'],
  ['show', 'Shows'],
  ['locate', 'Locates'],
];

/** Nouns of back-office records, each with the system it would live in. */
const NOUNS: readonly (readonly [name: string, system: string])[] = [
  ['invoice', 'billing ledger'],
  ['shipment', 'logistics tracker'],
  ['ticket', 'support desk'],
  ['contract', 'document archive'],
  ['asset', 'inventory register'],
  ['booking', 'reservation system'],
  ['order', 'order management system'],
  ['vendor', 'procurement catalogue'],
  ['receipt', 'expense system'],
  ['quote', 'sales pipeline'],
  ['permit', 'compliance registry'],
  ['claim', 'claims queue'],
  ['license', 'license server'],
  ['batch', 'production log'],
  ['parcel', 'courier network'],
  ['lease', 'property register'],
  ['incident', 'incident tracker'],
  ['meter', 'utility readings store'],
  ['project', 'project board'],
  ['milestone', 'planning tool'],
  ['release', 'release calendar'],
  ['manifest', 'freight manifest store'],
  ['voucher', 'accounts payable system'],
  ['tenant', 'property management system'],
  ['device', 'device inventory'],
  ['sensor', 'telemetry registry'],
  ['station', 'field operations map'],
  ['coupon', 'promotions engine'],
  ['refund', 'payments console'],
  ['subscription', 'subscription manager'],
  ['appointment', 'scheduling system'],
  ['timesheet', 'workforce system'],
];

const SUFFIX_SPACE = 36 ** 4;

/** The rotation period holding `at` (ms since epoch). */
export function periodOf(at: number, rotationMs: number): number {
  return Math.floor(at / rotationMs);
}

/** The account's first `count` decoys in `period` (position i is the same whatever the count). */
export function deriveDecoys(
  key: KeyObject,
  account: string,
  period: number,
  count: number,
): DecoyTool[] {
  const out: DecoyTool[] = [];
  for (let i = 0; i < count; i++) {
    const digest = createHmac('sha256', key)
      .update(`distillguard-decoy/1\n${account}\n${period}\n${i}`)
      .digest();
    const [verb, phrase] = VERBS[digest.readUInt16BE(0) % VERBS.length] as readonly [
      string,
      string,
    ];
    const [noun, system] = NOUNS[digest.readUInt16BE(2) % NOUNS.length] as readonly [
      string,
      string,
    ];
    const suffix = (digest.readUInt32BE(4) % SUFFIX_SPACE).toString(36).padStart(4, '0');
    const field = `${noun}_id`;
    out.push({
      name: `${verb}_${noun}_${suffix}`,
      description: `${phrase} a ${noun} in the ${system} by its identifier and returns its current fields.`,
      parameters: {
        type: 'object',
        properties: { [field]: { type: 'string', description: `The ${noun} identifier.` } },
        required: [field],
      },
    });
  }
  return out;
}

/** The HMAC key of a secret (a KeyObject: util.inspect and JSON never show its bytes). */
export function decoyKey(secret: string): KeyObject {
  return createSecretKey(Buffer.from(secret, 'utf8'));
}

export interface DecoyNamer {
  /** The most decoys any rule asks for. */
  readonly count: number;
  readonly rotationMs: number;
  /** The account's `count` decoys for the period holding `at`. */
  tools(account: string, at: number): readonly DecoyTool[];
}

interface CacheEntry {
  readonly period: number;
  readonly tools: readonly DecoyTool[];
}

/** A namer for one config: derivations cached per account for the current period. */
export function createDecoyNamer(
  secret: string,
  rotationMs: number,
  count: number,
  cacheSize = 10_000,
): DecoyNamer {
  const key = decoyKey(secret);
  const cache = new LRUCache<string, CacheEntry>({ max: cacheSize });
  const entry = (account: string, at: number): CacheEntry => {
    const period = periodOf(at, rotationMs);
    const cached = cache.get(account);
    if (cached?.period === period) return cached;
    const fresh = { period, tools: deriveDecoys(key, account, period, count) };
    cache.set(account, fresh);
    return fresh;
  };
  return Object.freeze({
    count,
    rotationMs,
    tools: (account: string, at: number) => entry(account, at).tools,
  });
}
