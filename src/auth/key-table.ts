/**
 * The key table: every API key the proxy knows, by the SHA-256 digest of the key. Built for a
 * million keys: a Map of record objects measured 582 MB and 5 s for 1M keys; this table keeps the
 * 32-byte digests in one Uint8Array, an open-addressing index in an Int32Array (the digest is
 * uniformly random, so its first bytes are a perfect bucket index), every field in a typed column
 * or an interned-string column, and decodes a record object only when a key is looked up.
 *
 * Lookup compares digests, never keys: nothing here sees a raw key, and a comparison that exits
 * early reveals at most a prefix of a hash, which does not help find a key.
 */
import type { KeyStore } from './key-store.ts';

export interface KeyRecord {
  readonly keyId: string;
  readonly account: string;
  readonly org: string | undefined;
  readonly tier: string;
  /** Key creation, ms since epoch. */
  readonly createdAt: number | undefined;
  readonly expiresAt: number | undefined;
  readonly revokedAt: number | undefined;
  readonly verified: boolean;
  readonly labels: readonly string[];
  /** Account creation (not the key's), ms since epoch. */
  readonly accountCreatedAt: number | undefined;
  readonly programme: string | undefined;
  readonly declaredUse: string | undefined;
  /**
   * The record's index in the table that decoded it: a small integer, stable while that table is
   * loaded, that the detector uses to find the account's state without hashing its id (a hint it
   * checks: account-hints.ts). Absent from records of other stores.
   */
  readonly handle?: number;
}

/** One key to add: its digest and its record. */
export interface KeyEntry extends KeyRecord {
  readonly digest: Uint8Array;
}

const DIGEST_BYTES = 32;
const EMPTY_LABELS: readonly string[] = Object.freeze([]);

/** Interns low-cardinality strings (orgs, tiers, label sets): index 0 means "none". */
class Interner<T> {
  private readonly index = new Map<string, number>();
  readonly values: (T | undefined)[] = [undefined];

  id(key: string | undefined, value: () => T): number {
    if (key === undefined) return 0;
    let found = this.index.get(key);
    if (found === undefined) {
      found = this.values.length;
      this.values.push(value());
      this.index.set(key, found);
    }
    return found;
  }
}

export class KeyTable implements KeyStore {
  private count = 0;
  private capacity: number;
  private digests: Uint8Array;
  private slots: Int32Array; // digest index: record index + 1, 0 = empty
  private idSlots: Int32Array; // key-id index, same encoding
  private text: Buffer; // key ids and accounts, UTF-8, back to back
  private textUsed = 0;
  private idStart: Uint32Array;
  private idLength: Uint16Array;
  private accountStart: Uint32Array;
  private accountLength: Uint16Array;
  private orgs: Uint32Array;
  private tiers: Uint16Array;
  private labelSets: Uint32Array;
  private programmes: Uint16Array;
  private uses: Uint16Array;
  private flags: Uint8Array;
  /**
   * 4 per record: created, expires, revoked, account created — whole seconds since the epoch
   * (0 = none; Uint32 lasts until 2106). Half the memory of Float64 milliseconds, and key
   * lifecycles need no finer grain.
   */
  private times: Uint32Array;
  /** Org names (many: one per customer). */
  private readonly orgNames = new Interner<string>();
  /** Tier, programme and declared-use names (few; 16-bit columns). */
  private readonly names = new Interner<string>();
  private readonly labelInterner = new Interner<readonly string[]>();

  constructor(expectedSize = 16) {
    this.capacity = Math.max(16, expectedSize);
    this.digests = new Uint8Array(this.capacity * DIGEST_BYTES);
    this.slots = new Int32Array(tableSize(this.capacity));
    this.idSlots = new Int32Array(tableSize(this.capacity));
    this.text = Buffer.allocUnsafeSlow(this.capacity * 32);
    this.idStart = new Uint32Array(this.capacity);
    this.idLength = new Uint16Array(this.capacity);
    this.accountStart = new Uint32Array(this.capacity);
    this.accountLength = new Uint16Array(this.capacity);
    this.orgs = new Uint32Array(this.capacity);
    this.tiers = new Uint16Array(this.capacity);
    this.labelSets = new Uint32Array(this.capacity);
    this.programmes = new Uint16Array(this.capacity);
    this.uses = new Uint16Array(this.capacity);
    this.flags = new Uint8Array(this.capacity);
    this.times = new Uint32Array(this.capacity * 4);
  }

  get size(): number {
    return this.count;
  }

  /** Adds a key; returns the problem instead when its digest or id is already present. */
  add(entry: KeyEntry): 'duplicate_digest' | 'duplicate_id' | undefined {
    if (entry.digest.length !== DIGEST_BYTES) throw new Error('a key digest is 32 bytes');
    if (this.findDigest(entry.digest) !== -1) return 'duplicate_digest';
    if (this.findId(entry.keyId) !== -1) return 'duplicate_id';
    if (this.count === this.capacity) this.grow();
    const i = this.count++;
    this.digests.set(entry.digest, i * DIGEST_BYTES);
    [this.idStart[i], this.idLength[i]] = this.store(entry.keyId);
    [this.accountStart[i], this.accountLength[i]] = this.store(entry.account);
    this.orgs[i] = this.orgNames.id(entry.org, () => entry.org ?? '');
    this.tiers[i] = this.name(entry.tier);
    this.programmes[i] = this.name(entry.programme);
    this.uses[i] = this.name(entry.declaredUse);
    const labels = entry.labels.length === 0 ? undefined : entry.labels.join('\u0000');
    this.labelSets[i] = this.labelInterner.id(labels, () => Object.freeze([...entry.labels]));
    this.flags[i] = entry.verified ? 1 : 0;
    this.setTimes(i, entry);
    this.insertSlot(this.slots, bucketOfDigest(entry.digest), i);
    this.insertSlot(this.idSlots, bucketOfText(entry.keyId), i);
    return undefined;
  }

  /** The record of a key digest (the hot path). */
  lookup(digest: Uint8Array): KeyRecord | undefined {
    const i = this.findDigest(digest);
    return i === -1 ? undefined : this.record(i);
  }

  byId(keyId: string): KeyRecord | undefined {
    const i = this.findId(keyId);
    return i === -1 ? undefined : this.record(i);
  }

  /** Marks a key revoked (in memory; file-backed keys are revoked in the file). */
  revoke(keyId: string, at: number): boolean {
    const i = this.findId(keyId);
    if (i === -1) return false;
    this.times[i * 4 + 2] = toSeconds(at);
    return true;
  }

  *entries(): IterableIterator<KeyRecord> {
    for (let i = 0; i < this.count; i++) yield this.record(i);
  }

  private name(value: string | undefined): number {
    const id = this.names.id(value, () => value ?? '');
    if (id > 0xffff)
      throw new Error('more than 65535 distinct tier, programme and declared-use names');
    return id;
  }

  private record(i: number): KeyRecord {
    const t = i * 4;
    const names = this.names.values;
    return {
      keyId: this.text.toString(
        'utf8',
        this.idStart[i],
        (this.idStart[i] ?? 0) + (this.idLength[i] ?? 0),
      ),
      account: this.text.toString(
        'utf8',
        this.accountStart[i],
        (this.accountStart[i] ?? 0) + (this.accountLength[i] ?? 0),
      ),
      org: this.orgNames.values[this.orgs[i] ?? 0],
      tier: names[this.tiers[i] ?? 0] ?? 'default',
      createdAt: time(this.times[t]),
      expiresAt: time(this.times[t + 1]),
      revokedAt: time(this.times[t + 2]),
      verified: this.flags[i] === 1,
      labels: this.labelInterner.values[this.labelSets[i] ?? 0] ?? EMPTY_LABELS,
      accountCreatedAt: time(this.times[t + 3]),
      programme: names[this.programmes[i] ?? 0],
      declaredUse: names[this.uses[i] ?? 0],
      handle: i,
    };
  }

  private findDigest(digest: Uint8Array): number {
    const mask = this.slots.length - 1;
    for (let slot = bucketOfDigest(digest) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] ?? 0;
      if (entry === 0) return -1;
      if (sameDigest(this.digests, (entry - 1) * DIGEST_BYTES, digest)) return entry - 1;
    }
  }

  private findId(keyId: string): number {
    const mask = this.idSlots.length - 1;
    for (let slot = bucketOfText(keyId) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.idSlots[slot] ?? 0;
      if (entry === 0) return -1;
      const i = entry - 1;
      const start = this.idStart[i] ?? 0;
      if (this.text.toString('utf8', start, start + (this.idLength[i] ?? 0)) === keyId) return i;
    }
  }

  private insertSlot(slots: Int32Array, bucket: number, index: number): void {
    const mask = slots.length - 1;
    let slot = bucket & mask;
    while ((slots[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
    slots[slot] = index + 1;
  }

  private store(text: string): [number, number] {
    const needed = Buffer.byteLength(text);
    if (needed > 0xffff) throw new Error('a key id or account is limited to 65535 bytes');
    if (this.textUsed + needed > this.text.length) {
      const grown = Buffer.allocUnsafeSlow(
        Math.max(Math.ceil(this.text.length * 1.5), this.textUsed + needed),
      );
      this.text.copy(grown, 0, 0, this.textUsed);
      this.text = grown;
    }
    const start = this.textUsed;
    this.textUsed += this.text.write(text, start);
    return [start, needed];
  }

  private setTimes(i: number, entry: KeyEntry): void {
    const t = i * 4;
    this.times[t] = toSeconds(entry.createdAt);
    this.times[t + 1] = toSeconds(entry.expiresAt);
    this.times[t + 2] = toSeconds(entry.revokedAt);
    this.times[t + 3] = toSeconds(entry.accountCreatedAt);
  }

  /** Doubles every column and rebuilds both indexes (amortised O(1) per add). */
  private grow(): void {
    const capacity = this.capacity * 2;
    const copy = <T extends { length: number; set(source: T): void }>(
      old: T,
      make: (n: number) => T,
      width = 1,
    ): T => {
      const next = make(capacity * width);
      next.set(old);
      return next;
    };
    this.digests = copy(this.digests, (n) => new Uint8Array(n), DIGEST_BYTES);
    this.idStart = copy(this.idStart, (n) => new Uint32Array(n));
    this.idLength = copy(this.idLength, (n) => new Uint16Array(n));
    this.accountStart = copy(this.accountStart, (n) => new Uint32Array(n));
    this.accountLength = copy(this.accountLength, (n) => new Uint16Array(n));
    this.orgs = copy(this.orgs, (n) => new Uint32Array(n));
    this.tiers = copy(this.tiers, (n) => new Uint16Array(n));
    this.labelSets = copy(this.labelSets, (n) => new Uint32Array(n));
    this.programmes = copy(this.programmes, (n) => new Uint16Array(n));
    this.uses = copy(this.uses, (n) => new Uint16Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.times = copy(this.times, (n) => new Uint32Array(n), 4);
    this.capacity = capacity;
    this.slots = new Int32Array(tableSize(capacity));
    this.idSlots = new Int32Array(tableSize(capacity));
    for (let i = 0; i < this.count; i++) {
      this.insertSlot(
        this.slots,
        bucketOfDigest(this.digests.subarray(i * DIGEST_BYTES, (i + 1) * DIGEST_BYTES)),
        i,
      );
      const start = this.idStart[i] ?? 0;
      this.insertSlot(
        this.idSlots,
        bucketOfText(this.text.toString('utf8', start, start + (this.idLength[i] ?? 0))),
        i,
      );
    }
  }
}

/** A power of two at least twice the capacity: probe chains stay short (load factor ≤ 0.5). */
function tableSize(capacity: number): number {
  let size = 32;
  while (size < capacity * 2) size *= 2;
  return size;
}

function bucketOfDigest(digest: Uint8Array): number {
  return (
    (((digest[0] ?? 0) << 24) |
      ((digest[1] ?? 0) << 16) |
      ((digest[2] ?? 0) << 8) |
      (digest[3] ?? 0)) >>>
    0
  );
}

/** FNV-1a over UTF-16 code units: ids are not random, so they need a real hash. */
function bucketOfText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function sameDigest(digests: Uint8Array, offset: number, digest: Uint8Array): boolean {
  for (let i = 0; i < DIGEST_BYTES; i++) if (digests[offset + i] !== digest[i]) return false;
  return true;
}

function time(seconds: number | undefined): number | undefined {
  return seconds === undefined || seconds === 0 ? undefined : seconds * 1000;
}

/** Milliseconds → whole seconds for storage (an instant before 1970-01-01T00:00:01Z stays "none"). */
function toSeconds(ms: number | undefined): number {
  return ms === undefined ? 0 : Math.min(0xffffffff, Math.max(1, Math.floor(ms / 1000)));
}
