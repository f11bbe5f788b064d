/**
 * The key file: SHA-256 digests of API keys (never keys), each with its key id, account, org,
 * tier and lifecycle (created, expires, revoked) plus account facts detection uses (verified,
 * account age, programme, labels, declared use). Two forms, chosen by extension:
 *
 * - YAML (`.yaml`, `.yml`): `version: 1` and a `keys:` list — for hand-edited and small sets;
 *   problems are reported with line and column.
 * - JSON Lines (`.jsonl`, `.ndjson`): one entry object per line — for large sets (a million keys
 *   load in seconds, streamed, without a YAML document in memory); problems name the line.
 *
 * Loaded into a KeyTable and hot-reloaded whole (a bad edit keeps the previous table serving);
 * written atomically by `distillguard keys …` so a reloading proxy never reads half a file.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, appendFile, rename, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { stringify } from 'yaml';
import { z } from 'zod';
import type { ConfigError, PathSegment } from '../config/config-error.ts';
import { formatPath } from '../config/config-error.ts';
import { readYamlFile } from '../config/read-yaml.ts';
import { validate } from '../config/validate.ts';
import { fastKeyEntry } from './fast-key-entry.ts';
import { KeyTable, type KeyEntry } from './key-table.ts';

const name = z.string().min(1).max(256);
const time = z.iso.datetime({ offset: true });

export const keyEntry = z.strictObject({
  id: z.string().regex(/^key_[0-9A-Za-z]{4,64}$/, 'expected a key id like key_Ab12…'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters'),
  account: name,
  org: name.optional(),
  tier: z.string().min(1).max(64).default('default'),
  created_at: time.optional(),
  expires_at: time.optional(),
  revoked_at: time.optional(),
  revoke_reason: z.string().max(512).optional(),
  verified: z.boolean().default(false),
  labels: z.array(z.string().min(1).max(64)).max(32).default([]),
  account_created_at: time.optional(),
  programme: z.string().min(1).max(64).optional(),
  declared_use: z.string().min(1).max(64).optional(),
});

const yamlKeyFile = z.strictObject({
  version: z.literal(1),
  keys: z.array(z.unknown()).default([]),
});

export type KeyFileEntry = z.output<typeof keyEntry>;
/** An entry as written (defaults may be left out). */
export type KeyFileInput = z.input<typeof keyEntry>;

export type KeyFileResult = { ok: true; table: KeyTable } | { ok: false; errors: ConfigError[] };

/** Errors beyond this many are summarised: a broken million-line file must not flood the log. */
const MAX_REPORTED_ERRORS = 50;

export interface KeyFileOptions {
  /** Tiers the config defines; an entry naming another tier is an error. */
  readonly tiers?: ReadonlySet<string>;
}

export function isJsonLines(file: string): boolean {
  const extension = extname(file).toLowerCase();
  return extension === '.jsonl' || extension === '.ndjson';
}

export async function loadKeyFile(
  file: string,
  options: KeyFileOptions = {},
): Promise<KeyFileResult> {
  return isJsonLines(file) ? loadJsonLines(file, options) : loadYaml(file, options);
}

async function loadYaml(file: string, options: KeyFileOptions): Promise<KeyFileResult> {
  const parsed = await readYamlFile(file);
  if (!parsed.ok) return parsed;
  const checked = validate(yamlKeyFile, parsed.value, parsed.locator);
  if (!checked.ok) return checked;
  const collector = new EntryCollector(checked.value.keys.length, options);
  checked.value.keys.forEach((raw, index) => {
    collector.add(raw, (path, message, key) =>
      collector.report(parsed.locator.error(['keys', index, ...path], message, key)),
    );
  });
  return collector.result();
}

async function loadJsonLines(file: string, options: KeyFileOptions): Promise<KeyFileResult> {
  // Sized exactly: a table grown by doubling would hold up to twice the memory a million keys need.
  const collector = new EntryCollector(await countLines(file), options);
  const failure = (line: number, path: readonly PathSegment[], message: string): ConfigError => ({
    file,
    line,
    column: undefined,
    path: formatPath(path),
    message,
  });
  try {
    let lineNumber = 0;
    for await (const line of readLines(file)) {
      lineNumber++;
      const text = line.trim();
      if (text === '' || text.startsWith('#')) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        collector.report(failure(lineNumber, [], 'not a JSON object'));
        continue;
      }
      const at = lineNumber;
      collector.add(raw, (path, message, key) =>
        collector.report(failure(at, key === undefined ? path : [...path, key], message)),
      );
    }
  } catch (error) {
    return {
      ok: false,
      errors: [
        failure(0, [], `cannot read file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`),
      ],
    };
  }
  return collector.result();
}

/** Validates entries and adds them to a KeyTable, collecting (a bounded number of) errors. */
class EntryCollector {
  private readonly table: KeyTable;
  private readonly errors: ConfigError[] = [];
  private errorCount = 0;
  private readonly tiers: ReadonlySet<string> | undefined;

  constructor(expected: number, options: KeyFileOptions) {
    this.table = new KeyTable(expected);
    this.tiers = options.tiers;
  }

  /** `fail` gets the unknown key apart (`key`) so YAML errors can point at the key, not its value. */
  add(
    raw: unknown,
    fail: (path: readonly PathSegment[], message: string, key?: string) => void,
  ): void {
    // Canonical entries take the fast path; anything else (and every error) goes through zod.
    const fast = fastKeyEntry(raw);
    if (fast) return this.insert(fast, fail);
    const parsed = keyEntry.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.filter(
          (segment): segment is PathSegment => typeof segment !== 'symbol',
        );
        if (issue.code === 'unrecognized_keys')
          for (const key of issue.keys) fail(path, 'unknown key', key);
        else fail(path, issue.message.replace(/^Invalid input: /, ''));
      }
      return;
    }
    this.insert(toKeyEntry(parsed.data), fail);
  }

  private insert(
    entry: KeyEntry,
    fail: (path: readonly PathSegment[], message: string, key?: string) => void,
  ): void {
    if (this.tiers && !this.tiers.has(entry.tier)) {
      fail(['tier'], `unknown tier "${entry.tier}" (define it under accounts.tiers)`);
      return;
    }
    const problem = this.table.add(entry);
    if (problem === 'duplicate_digest') fail(['sha256'], 'duplicate key hash');
    else if (problem === 'duplicate_id') fail(['id'], 'duplicate key id');
  }

  report(error: ConfigError): void {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(error);
  }

  result(): KeyFileResult {
    if (this.errorCount === 0) return { ok: true, table: this.table };
    const errors = [...this.errors];
    const first = errors[0];
    if (this.errorCount > errors.length && first) {
      errors.push({
        ...first,
        line: undefined,
        column: undefined,
        path: '',
        message: `… and ${this.errorCount - errors.length} more problems`,
      });
    }
    return { ok: false, errors };
  }
}

/** One entry (a parsed JSON object) as a table entry, or undefined when it is not a valid entry. */
export function parseKeyEntry(raw: unknown): KeyEntry | undefined {
  const fast = fastKeyEntry(raw);
  if (fast) return fast;
  const parsed = keyEntry.safeParse(raw);
  return parsed.success ? toKeyEntry(parsed.data) : undefined;
}

/** The table entry of a schema-validated file entry (exported for the fast path's property test). */
export function toKeyEntry(entry: KeyFileEntry): KeyEntry {
  return {
    digest: Buffer.from(entry.sha256, 'hex'),
    keyId: entry.id,
    account: entry.account,
    org: entry.org,
    tier: entry.tier,
    createdAt: millis(entry.created_at),
    expiresAt: millis(entry.expires_at),
    revokedAt: millis(entry.revoked_at),
    verified: entry.verified,
    labels: entry.labels,
    accountCreatedAt: millis(entry.account_created_at),
    programme: entry.programme,
    declaredUse: entry.declared_use,
  };
}

function millis(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}

/** Newlines in a file, counted over raw chunks (a fraction of the cost of parsing them). */
async function countLines(file: string): Promise<number> {
  let lines = 1;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      const bytes = chunk as Buffer;
      for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
    }
  } catch {
    // An unreadable file is reported by the parsing pass.
  }
  return lines;
}

/**
 * Lines of a file, streamed (the file may be far larger than memory should hold). Raw chunks are
 * split on newline bytes and each line decoded on its own: concatenating megabyte string chunks
 * would leave large transient strings behind (measured: ~130 MB more resident after 1M keys).
 */
async function* readLines(file: string): AsyncGenerator<string> {
  let rest: Buffer | undefined;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const bytes = rest ? Buffer.concat([rest, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let newline = bytes.indexOf(10); newline !== -1; newline = bytes.indexOf(10, start)) {
      yield bytes.toString('utf8', start, newline);
      start = newline + 1;
    }
    rest = start < bytes.length ? Buffer.from(bytes.subarray(start)) : undefined;
  }
  if (rest) yield rest.toString('utf8');
}

/** Visits every entry of a key file in order (streamed for JSON Lines); stops on the first bad one. */
export async function forEachKeyFileEntry(
  file: string,
  visit: (entry: KeyFileEntry) => void,
): Promise<{ ok: true } | { ok: false; errors: ConfigError[] }> {
  if (!isJsonLines(file)) {
    const parsed = await readYamlFile(file);
    if (!parsed.ok) return parsed;
    const checked = validate(yamlKeyFile, parsed.value, parsed.locator);
    if (!checked.ok) return checked;
    for (const [index, raw] of checked.value.keys.entries()) {
      const entry = keyEntry.safeParse(raw);
      if (!entry.success)
        return { ok: false, errors: [parsed.locator.error(['keys', index], 'invalid entry')] };
      visit(entry.data);
    }
    return { ok: true };
  }
  let lineNumber = 0;
  try {
    for await (const line of readLines(file)) {
      lineNumber++;
      const text = line.trim();
      if (text === '' || text.startsWith('#')) continue;
      const entry = keyEntry.safeParse(JSON.parse(text));
      if (!entry.success) throw new Error('invalid entry');
      visit(entry.data);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code ? `cannot read file: ${code}` : 'invalid entry';
    return {
      ok: false,
      errors: [{ file, line: code ? undefined : lineNumber, column: undefined, path: '', message }],
    };
  }
  return { ok: true };
}

/** Adds an entry: appended to JSON Lines (cheap at a million keys), rewritten for YAML. */
export async function addKeyFileEntry(file: string, entry: KeyFileInput): Promise<void> {
  if (isJsonLines(file)) {
    await appendFile(file, `${JSON.stringify(compact(entry))}\n`, { mode: 0o600 });
    return;
  }
  const entries: KeyFileInput[] = [];
  const read = await forEachKeyFileEntry(file, (existing) => entries.push(existing));
  if (!read.ok && !(await missing(file))) throw new Error('the key file is invalid; fix it first');
  await writeKeyFile(file, [...entries, entry]);
}

/** Marks a key revoked (kept for the audit trail); false when no key has that id. */
export async function revokeKeyFileEntry(
  file: string,
  keyId: string,
  at: Date,
  reason: string | undefined,
): Promise<boolean> {
  const entries: KeyFileInput[] = [];
  // An object, not a `let`: it is set inside the callback, which type narrowing does not see.
  const state = { found: false };
  const read = await forEachKeyFileEntry(file, (entry) => {
    if (entry.id === keyId && entry.revoked_at === undefined) {
      state.found = true;
      entries.push({
        ...entry,
        revoked_at: at.toISOString(),
        ...(reason ? { revoke_reason: reason } : {}),
      });
    } else entries.push(entry);
  });
  if (!read.ok) throw new Error('the key file is invalid; fix it first');
  if (state.found) await writeKeyFile(file, entries);
  return state.found;
}

async function missing(file: string): Promise<boolean> {
  return access(file).then(
    () => false,
    () => true,
  );
}

/** Replaces the key file atomically (write a sibling temp file, then rename over it). */
export async function writeKeyFile(file: string, entries: readonly KeyFileInput[]): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, serialise(file, entries), { mode: 0o600 });
  await rename(temp, file);
}

function serialise(file: string, entries: readonly KeyFileInput[]): string {
  if (isJsonLines(file))
    return (
      entries.map((entry) => JSON.stringify(compact(entry))).join('\n') +
      (entries.length > 0 ? '\n' : '')
    );
  const header =
    '# distillguard key file: SHA-256 digests of API keys only; raw keys are never stored.\n' +
    '# Managed with `distillguard keys create | revoke | list`; the proxy reloads it when it changes.\n';
  return header + stringify({ version: 1, keys: entries.map(compact) }, { lineWidth: 0 });
}

/** An entry without its defaults, so files stay short and diffs readable. */
function compact(entry: KeyFileInput): Partial<KeyFileInput> {
  const out: Partial<KeyFileInput> = { ...entry };
  if (!out.verified) delete out.verified;
  if (out.labels?.length === 0) delete out.labels;
  return out;
}
