/**
 * Looks for decoy names in an incoming request. A client never sees a decoy (its definition is
 * added on the way upstream, its calls are removed on the way back), so a name that comes back —
 * in a declared tool, a tool call in the history, or the text of an earlier turn the model wrote —
 * leaked: through the model's own words, through an answer too large to intercept, or through
 * another account's transcripts (a hydra sharing its harvest). It is recorded, never acted on
 * here, and the request is forwarded as it came (the proxy never needs to repair a history it
 * could not have produced).
 *
 * Both searches go through the registry of names this process served. An account that was served
 * decoys has its own names searched for in the raw bytes, text included (a few native substring
 * searches: ~1 ms a MB, so only for those accounts); every request's declared and called tool
 * names are looked up among all served names (a text search for every served name through every
 * body would not be affordable inline; `distillguard decoy-names --find` traces any name offline).
 * Names served before a restart are not known until the account is served again.
 */
import { chatCallName } from './decoy-match.ts';
import { toolName } from './decoy-tools.ts';
import { objectField } from '../dialects/dialect.ts';

/** Names kept per account for the search of its own requests (a few rotations' worth). */
const NAMES_PER_ACCOUNT = 16;

/** Names this process served, each with its account; the oldest forgotten first. */
export class DecoyRegistry {
  /** Name → account, in the order last served (the first is the oldest). */
  private readonly owners = new Map<string, string>();
  /** Account → the names it was served, the newest last. */
  private readonly served = new Map<string, string[]>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  get size(): number {
    return this.owners.size;
  }

  remember(names: Iterable<string>, account: string): void {
    let list = this.served.get(account);
    if (list === undefined) this.served.set(account, (list = []));
    for (const name of names) {
      this.owners.delete(name); // re-inserted: the newest again
      this.owners.set(name, account);
      if (!list.includes(name)) list.push(name);
      if (list.length > NAMES_PER_ACCOUNT) list.shift();
    }
    for (const [oldest, owner] of this.owners) {
      if (this.owners.size <= this.max) break;
      this.owners.delete(oldest);
      const names = this.served.get(owner)?.filter((name) => name !== oldest) ?? [];
      if (names.length === 0) this.served.delete(owner);
      else this.served.set(owner, names);
    }
  }

  accountOf(name: string): string | undefined {
    return this.owners.get(name);
  }

  /** The names the account was served (empty when none, or all forgotten). */
  namesOf(account: string): readonly string[] {
    return this.served.get(account) ?? NONE;
  }
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The names this process served (one registry for the process: it outlives config reloads).
 * 100,000 names are a hydra of 50,000 accounts at two decoys each, in a few MB.
 */
export const servedDecoys = new DecoyRegistry(100_000);

/** The account whose decoy name the request carries (its own first), or null. */
export function findDecoyName(
  registry: DecoyRegistry,
  account: string,
  raw: Buffer,
  routeId: string,
  body: Record<string, unknown>,
): string | null {
  if (registry.size === 0) return null;
  for (const name of registry.namesOf(account)) if (raw.includes(name)) return account;
  for (const name of toolNamesIn(routeId, body)) {
    const owner = typeof name === 'string' ? registry.accountOf(name) : undefined;
    if (owner !== undefined) return owner;
  }
  return null;
}

/** Tool names a request declares or whose calls its history holds. */
export function toolNamesIn(routeId: string, body: Record<string, unknown>): unknown[] {
  const names: unknown[] = [];
  for (const tool of arrayOf(body['tools'])) names.push(toolName(tool));
  if (routeId === 'anthropic.messages') {
    for (const message of arrayOf(body['messages']))
      for (const block of arrayOf(objectField(message)?.['content'])) {
        const record = objectField(block);
        if (record?.['type'] === 'tool_use') names.push(record['name']);
      }
  } else if (routeId === 'openai.chat_completions') {
    for (const message of arrayOf(body['messages']))
      for (const call of arrayOf(objectField(message)?.['tool_calls']))
        names.push(chatCallName(call));
  } else if (routeId === 'openai.responses') {
    for (const item of arrayOf(body['input'])) {
      const record = objectField(item);
      if (record?.['type'] === 'function_call') names.push(record['name']);
    }
  }
  return names;
}

function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
