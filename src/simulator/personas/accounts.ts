/** Building simulated accounts: ids, tiers, ages and onboarding facts per persona. */
import type { SimAccountSpec } from '../actor.ts';
import type { Rng } from '../rng.ts';

type Facts = Omit<SimAccountSpec, 'id'>;

/** `count` accounts named `acct_<prefix>_0001…`, facts drawn per account. */
export function makeAccounts(
  prefix: string,
  count: number,
  facts: (index: number) => Facts,
): SimAccountSpec[] {
  const width = Math.max(3, String(count).length);
  return Array.from({ length: count }, (_, index) => ({
    id: `acct_${prefix}_${String(index + 1).padStart(width, '0')}`,
    ...facts(index),
  }));
}

/** An account's facts as drawn, optional ones possibly undefined. */
export interface DrawnFacts {
  tier: string;
  ageDays: number;
  verified: boolean;
  org?: string | undefined;
  programme?: string | undefined;
  declaredUse?: string | undefined;
  labels?: readonly string[] | undefined;
}

/** The facts with undefined optional ones dropped (exactOptionalPropertyTypes), aged ≥ 0.02 days. */
export function definedFacts(base: DrawnFacts): Facts {
  return {
    tier: base.tier,
    ageDays: Math.max(0.02, base.ageDays),
    verified: base.verified,
    ...(base.org !== undefined ? { org: base.org } : {}),
    ...(base.programme !== undefined ? { programme: base.programme } : {}),
    ...(base.declaredUse !== undefined ? { declaredUse: base.declaredUse } : {}),
    ...(base.labels !== undefined ? { labels: base.labels } : {}),
  };
}

const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/**
 * Opaque account ids, unique across a scenario: `prefix` and ten random characters. One mint
 * serves a whole build, so no two actors can draw the same id and no id names its persona.
 */
export class IdMint {
  private readonly issued = new Set<string>();
  private readonly rng: Rng;
  private readonly prefix: string;

  constructor(rng: Rng, prefix: string) {
    this.rng = rng;
    this.prefix = prefix;
  }

  id(): string {
    for (;;) {
      let body = '';
      for (let i = 0; i < 10; i++)
        body += ID_ALPHABET.charAt(this.rng.int(0, ID_ALPHABET.length - 1));
      const id = `${this.prefix}${body}`;
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /** `count` accounts, each with the facts `of` draws (undefined ones dropped: `definedFacts`). */
  accounts(count: number, of: (index: number) => DrawnFacts): SimAccountSpec[] {
    return Array.from({ length: count }, (_, index) => ({
      id: this.id(),
      ...definedFacts(of(index)),
    }));
  }
}

/** The two syllable lists a scenario's made-up org names are drawn from. */
export type OrgSyllables = readonly [readonly string[], readonly string[]];

/**
 * An org id with a readable slug: `org_`, then `stem` (or, given syllables, one of each list),
 * then two or three digits.
 */
export function orgId(rng: Rng, stem: string | OrgSyllables): string {
  const head = typeof stem === 'string' ? stem : rng.pick(stem[0]) + rng.pick(stem[1]);
  return `org_${head}${rng.int(10, 999)}`;
}

/** `count` accounts of one org (`org_<stem>…`), each with the facts `of` draws. */
export function orgAccounts(
  rng: Rng,
  mint: IdMint,
  stem: string,
  count: number,
  of: (index: number) => Omit<DrawnFacts, 'org'>,
): SimAccountSpec[] {
  const org = orgId(rng, stem);
  return mint.accounts(count, (index) => ({ ...of(index), org }));
}

/** A count scaled from the nominal size (never below `min`). */
export function scaled(nominal: number, scale: number, min = 1): number {
  return Math.max(min, Math.round(nominal * scale));
}

/** Facts of a typical campaign account: young, mostly free/default, some in abused programmes. */
export function distillerFacts(rng: Rng, org?: string): Facts {
  const programme = rng.chance(0.25) ? rng.pick(['education', 'research', 'startup']) : undefined;
  return {
    ...(org ? { org } : {}),
    tier: rng.chance(0.55) ? 'free' : rng.chance(0.8) ? 'default' : 'standard',
    ageDays: rng.next() * 10,
    verified: rng.chance(0.05),
    ...(programme ? { programme } : {}),
  };
}

/** Facts of an ordinary person's account: months to years old, seldom in a programme. */
export function personFacts(rng: Rng, tier = rng.chance(0.7) ? 'default' : 'free'): Facts {
  return {
    tier,
    ageDays: 20 + rng.exponential(300),
    verified: rng.chance(0.3),
  };
}
