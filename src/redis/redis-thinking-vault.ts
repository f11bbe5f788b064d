/**
 * The thinking vault shared by every replica (store: redis, store.redis.thinking_vault.enabled): a
 * stand-in one replica issued is restored by whichever replica the client's next turn reaches.
 *
 * - `put` keeps the block in the local cache (a MemoryThinkingVault bounded by
 *   policy.thinking_vault.max_bytes) and writes it to Redis without waiting: one SET with PX = the
 *   time left to live. The stand-in reaches the client after the block is complete, so the write is
 *   normally done before the client can return it; a write Redis could not take is counted
 *   (`thinking_vault_fallback`) and only this replica can restore that stand-in.
 * - `get` / `getMany` answer from the local cache synchronously (the issuing replica, a
 *   conversation that stays on one replica); otherwise with a promise of one MGET for every token
 *   not held locally, bounded by the command timeout and skipped while the breaker is open. A
 *   failure, a value that is not a kept block (counted `corrupt_value`) or a block bound to
 *   another account is a miss: the stand-in is removed. A key Redis does not hold is a miss too,
 *   never a failure: tokens are the client's to choose, so misses must not open the breaker.
 *
 * In Redis: `<p>:t:{<account tag>}:<digest of the token>` (the key never holds the token; an
 * account's blocks share a slot, so one MGET reads a request's) → `<until> <account length>
 * <account><block JSON>`, TTL = policy.thinking_vault.ttl from the answer. Nothing else is
 * kept: Redis holds what is withheld per TTL, each block ≈ its JSON + 100 bytes, rounded up by the
 * allocator (measured with MEMORY USAGE: a 1.4 kB block takes 1.6 kB, a 10.4 kB one 12.4 kB).
 */
import { MemoryThinkingVault, type ThinkingVault } from '../degrade/thinking-vault.ts';
import type { RedisConnection } from './redis-connection.ts';

export class RedisThinkingVault implements ThinkingVault {
  private readonly connection: RedisConnection;
  private readonly local: MemoryThinkingVault;
  private readonly maxChars: number;
  private readonly now: () => number;

  constructor(connection: RedisConnection, maxChars: number, now: () => number) {
    this.connection = connection;
    this.local = new MemoryThinkingVault(maxChars);
    this.maxChars = maxChars;
    this.now = now;
  }

  newToken(): string {
    return this.local.newToken();
  }

  put(token: string, account: string, block: string, until: number): void {
    this.local.put(token, account, block, until);
    const ttl = Math.ceil(until - this.now());
    if (block.length > this.maxChars || ttl <= 0) return;
    const value = `${until} ${account.length} ${account}${block}`;
    const sent = this.connection.run('thinking_put', (c) =>
      c.set(this.connection.keyspace.thinking(account, token), value, 'PX', ttl),
    );
    if (sent === undefined) this.connection.report('thinking_vault_fallback');
    // A failure is already counted by the connection; the stand-in stays restorable here.
    else sent.catch(() => undefined);
  }

  get(
    token: string,
    account: string,
    now: number,
  ): string | undefined | Promise<string | undefined> {
    const kept = this.local.get(token, account, now);
    if (kept !== undefined) return kept;
    return this.fetch([token], account, now)?.then((blocks) => blocks[0]);
  }

  getMany(
    tokens: readonly string[],
    account: string,
    now: number,
  ): (string | undefined)[] | Promise<(string | undefined)[]> {
    const found = tokens.map((token) => this.local.get(token, account, now));
    const missing = tokens.filter((_, i) => found[i] === undefined);
    if (missing.length === 0) return found;
    const fetched = this.fetch(missing, account, now);
    if (fetched === undefined) return found;
    return fetched.then((blocks) => {
      let next = 0;
      return found.map((block) => block ?? blocks[next++]);
    });
  }

  /**
   * The blocks of `tokens` from Redis: one MGET (their keys share the account's hash tag), bounded
   * by the command timeout. A key Redis does not hold — an unknown, expired or forged token, which
   * a client chooses — is a miss and the command a success: only a failure or a timeout counts
   * toward the breaker. Undefined when the breaker is open (counted).
   */
  private fetch(
    tokens: readonly string[],
    account: string,
    now: number,
  ): Promise<(string | undefined)[]> | undefined {
    const keyspace = this.connection.keyspace;
    const keys = tokens.map((token) => keyspace.thinking(account, token));
    const sent = this.connection.run('thinking_get', (c) => c.mget(keys));
    if (sent === undefined) {
      this.connection.report('thinking_vault_fallback');
      return undefined;
    }
    return sent.then(
      (values) =>
        tokens.map((token, i) => {
          const value = values[i];
          return value === null || value === undefined
            ? undefined
            : this.fetched(token, account, now, value);
        }),
      () => tokens.map(() => undefined),
    );
  }

  size(): number {
    return this.local.size();
  }

  /** A value read from Redis: the block, when it is one kept for `account` (then cached here). */
  private fetched(token: string, account: string, now: number, value: string): string | undefined {
    const kept = parseKept(value);
    if (kept === undefined) {
      this.connection.report('corrupt_value');
      return undefined;
    }
    if (kept.account !== account || kept.until <= now) return undefined;
    this.local.put(token, account, kept.block, kept.until);
    return kept.block;
  }
}

/** `<until> <account length> <account><block JSON>`, or undefined when the value is not that. */
function parseKept(value: string): { until: number; account: string; block: string } | undefined {
  const first = value.indexOf(' ');
  const second = value.indexOf(' ', first + 1);
  const until = Number(value.slice(0, first));
  const length = Number(value.slice(first + 1, second));
  if (first <= 0 || second < 0 || !Number.isSafeInteger(until) || !Number.isSafeInteger(length))
    return undefined;
  const start = second + 1 + length;
  if (length < 0 || start >= value.length) return undefined;
  const block = value.slice(start);
  if (!isThinkingBlock(block)) return undefined;
  return { until, account: value.slice(second + 1, start), block };
}

/** Whether `text` is a thinking block's JSON, as strip_reasoning keeps them. */
function isThinkingBlock(text: string): boolean {
  try {
    const block = JSON.parse(text) as unknown;
    return (
      block !== null &&
      typeof block === 'object' &&
      (block as Record<string, unknown>)['type'] === 'thinking'
    );
  } catch {
    return false;
  }
}
