/**
 * Where strip_reasoning keeps the Anthropic thinking blocks it withholds. A client in a tool-use
 * loop must send the assistant turn back exactly as it received it — thinking blocks with their
 * signatures included, or the API answers 400 (THREATS.md: the trap in stripping reasoning). So the
 * proxy sends a stand-in instead of each thinking block — a `redacted_thinking` block whose `data`
 * is an unguessable token (the SDKs pass such blocks back untouched) — keeps the original here,
 * and puts it back when a request returns the stand-in (restore-thinking.ts).
 *
 * One interface for two vaults: this one lives in the process, bounded by the characters it holds
 * (least recently used dropped first) and by a time to live; the shared one
 * (src/redis/redis-thinking-vault.ts) keeps blocks in Redis too, so any replica restores a stand-in
 * another issued. A token is bound to the account it was issued to: another account presenting
 * it gets nothing.
 */
import { randomBytes } from 'node:crypto';

/** Every stand-in's `data` starts with this: the request side looks for it before parsing. */
export const STAND_IN_PREFIX = 'dgth1_';

export interface ThinkingVault {
  /** A new token for a block about to be withheld (128 random bits). */
  newToken(): string;
  /** Keeps the original block (its JSON) for `account` until `until` (ms since epoch). */
  put(token: string, account: string, block: string, until: number): void;
  /**
   * The original block's JSON, if it is kept for this account; a hit renews its place. In memory
   * the answer is immediate; a shared vault answers a block it does not hold locally with a
   * promise (one Redis round trip, bounded by the command timeout; a failure is a miss).
   */
  get(
    token: string,
    account: string,
    now: number,
  ): string | undefined | Promise<string | undefined>;
  /**
   * `get` for each token, in order: what a request returning several stand-ins asks. A shared
   * vault asks Redis once for all it does not hold locally (one MGET: an account's blocks share a
   * hash tag). A token it does not hold is a miss, never a failure.
   */
  getMany(
    tokens: readonly string[],
    account: string,
    now: number,
  ): (string | undefined)[] | Promise<(string | undefined)[]>;
  /** Blocks kept. */
  size(): number;
}

/** What a response's stripper uses: a token for each withheld thinking block, and its keeping. */
export interface StandIns {
  token(): string;
  /** Keeps the original block (its JSON) under the token its stand-in carries. */
  keep(token: string, block: string): void;
}

/** Stand-ins for one response to `account`, kept in `vault` until `until` (ms since epoch). */
export function vaultStandIns(vault: ThinkingVault, account: string, until: number): StandIns {
  return {
    token: () => vault.newToken(),
    keep: (token, block) => vault.put(token, account, block, until),
  };
}

interface Kept {
  readonly account: string;
  readonly block: string;
  readonly until: number;
}

export class MemoryThinkingVault implements ThinkingVault {
  private readonly kept = new Map<string, Kept>();
  private readonly maxChars: number;
  private chars = 0;

  /** `maxChars`: the characters of block JSON held at most (about as many bytes: it is ASCII-heavy). */
  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  newToken(): string {
    return STAND_IN_PREFIX + randomBytes(16).toString('base64url');
  }

  put(token: string, account: string, block: string, until: number): void {
    this.remove(token);
    if (block.length > this.maxChars) return; // could never be held: the stand-in will miss
    this.kept.set(token, { account, block, until });
    this.chars += block.length;
    for (const [oldest, entry] of this.kept) {
      if (this.chars <= this.maxChars) break;
      this.kept.delete(oldest);
      this.chars -= entry.block.length;
    }
  }

  get(token: string, account: string, now: number): string | undefined {
    const entry = this.kept.get(token);
    if (entry === undefined || entry.account !== account) return undefined;
    if (entry.until <= now) {
      this.remove(token);
      return undefined;
    }
    // Conversations resend their history every turn: a block in use stays, the unused go first.
    this.kept.delete(token);
    this.kept.set(token, entry);
    return entry.block;
  }

  getMany(tokens: readonly string[], account: string, now: number): (string | undefined)[] {
    return tokens.map((token) => this.get(token, account, now));
  }

  size(): number {
    return this.kept.size;
  }

  private remove(token: string): void {
    const entry = this.kept.get(token);
    if (entry === undefined) return;
    this.kept.delete(token);
    this.chars -= entry.block.length;
  }
}
