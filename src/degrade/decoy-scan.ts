/**
 * Looks for decoy names in an incoming request. A client never sees a decoy (its definition is
 * added on the way upstream, its calls are removed on the way back), so a name that comes back —
 * in a declared tool, a tool call in the history, or the text of an earlier turn the model wrote —
 * leaked: through the model's own words, through an answer too large to intercept, or through
 * another account's transcripts (a hydra sharing its harvest). It is recorded, never acted on
 * here, and the request is forwarded as it came (the proxy never needs to repair a history it
 * could not have produced).
 *
 * The account's own recent names are searched for in the raw bytes (a few native substring
 * searches). Other accounts' names are found through the registry of names this process served,
 * looked up by the tool names the request declares or calls (a search of every served name
 * through every body would not be affordable inline; `distillguard decoy-names --find` traces
 * any name offline).
 */
import type { DecoyNamer } from './decoy-names.ts';
import { chatCallName } from './decoy-match.ts';
import { toolName } from './decoy-tools.ts';
import { objectField } from '../dialects/dialect.ts';

/** Names this process served, each with its account; the oldest forgotten first. */
export class DecoyRegistry {
  private readonly accounts = new Map<string, string>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  get size(): number {
    return this.accounts.size;
  }

  remember(names: Iterable<string>, account: string): void {
    for (const name of names) {
      this.accounts.delete(name); // re-inserted: the newest again
      this.accounts.set(name, account);
    }
    for (const oldest of this.accounts.keys()) {
      if (this.accounts.size <= this.max) break;
      this.accounts.delete(oldest);
    }
  }

  accountOf(name: string): string | undefined {
    return this.accounts.get(name);
  }
}

/**
 * The names this process served (one set for the process: it outlives config reloads). 100,000
 * names are a hydra of 50,000 accounts at two decoys each, in a few MB.
 */
export const servedDecoys = new DecoyRegistry(100_000);

/** The account whose decoy name the request carries (its own first), or null. */
export function findDecoyName(
  namer: DecoyNamer,
  registry: DecoyRegistry,
  account: string,
  at: number,
  raw: Buffer,
  routeId: string,
  body: Record<string, unknown>,
): string | null {
  for (const name of namer.recentNames(account, at)) if (raw.includes(name)) return account;
  if (registry.size === 0) return null;
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
