/**
 * What the sixth red team's actors share: the scenario's models (an established family in each
 * dialect, a reasoning model, and one new model released during the run), account facts, client
 * stacks and addresses, request builders for both dialects (tool transcripts, images, reasoning
 * options), a roster that rotates, benches and burns accounts, and small pacing helpers. All
 * randomness comes from the Rng handed in.
 */
import type { ActorContext, SimAccountSpec, SimModel, SimResponse } from '../actor.ts';
import { makeAccounts } from '../personas/accounts.ts';
import type { ClientKind, ClientProfile } from '../personas/clients.ts';
import { toolStep } from '../personas/requests.ts';
import { weighted, type Rng } from '../rng.ts';

// ---------------------------------------------------------------------------------------------
// Models

export const M = {
  /** Old, cheap Messages-API model. */
  legacy: 'auk-3-lite',
  /** Current Messages-API model. */
  current: 'auk-4',
  /** Released during the run. */
  newest: 'auk-5',
  /** Chat-completions models. */
  chat: 'petrel-2',
  mini: 'petrel-2-mini',
  /** A chat-completions reasoning model (reasoning_effort, max_completion_tokens). */
  reasoner: 'petrel-r1',
} as const;

/** The new model's release, ms after the start (the run's "day two"). */
export const RELEASE_MS = 27_000;

const DAY = 86_400_000;

const MAX_OUTPUT: Readonly<Record<string, number>> = {
  [M.legacy]: 8_192,
  [M.current]: 32_000,
  [M.newest]: 64_000,
  [M.chat]: 16_384,
  [M.mini]: 16_384,
  [M.reasoner]: 65_536,
};

export function maxOut(model: string): number {
  return MAX_OUTPUT[model] ?? 8_192;
}

export const MODELS6: readonly SimModel[] = [
  { name: M.legacy, maxOutputTokens: maxOut(M.legacy), releasedAt: -520 * DAY },
  { name: M.current, maxOutputTokens: maxOut(M.current), releasedAt: -160 * DAY },
  { name: M.newest, maxOutputTokens: maxOut(M.newest), releasedAt: RELEASE_MS },
  { name: M.chat, maxOutputTokens: maxOut(M.chat), releasedAt: -240 * DAY },
  { name: M.mini, maxOutputTokens: maxOut(M.mini), releasedAt: -240 * DAY },
  { name: M.reasoner, maxOutputTokens: maxOut(M.reasoner), releasedAt: -75 * DAY },
];

export function isOpenAi(model: string): boolean {
  return model.startsWith('petrel');
}

// ---------------------------------------------------------------------------------------------
// Accounts

export type Facts = Omit<SimAccountSpec, 'id'>;

/** `count` accounts named `acct_r6<prefix>_0001…`. */
export function accounts(
  prefix: string,
  count: number,
  facts: (index: number) => Facts,
): SimAccountSpec[] {
  return makeAccounts(`r6${prefix}`, count, facts);
}

export { definedFacts as facts } from '../personas/accounts.ts';

/** A plausible org slug (shell companies and real customers alike). */
export function orgSlug(rng: Rng): string {
  const a = rng.pick([
    'blue',
    'north',
    'quant',
    'lumen',
    'cedar',
    'arc',
    'nimbus',
    'pixel',
    'delta',
    'harbor',
    'ember',
    'atlas',
    'sable',
    'ivy',
    'orbit',
    'fern',
  ]);
  const b = rng.pick(['labs', 'works', 'ai', 'soft', 'data', 'stack', 'hq', 'io', 'tech', 'apps']);
  return `org_${a}${b}${rng.int(2, 99)}`;
}

// ---------------------------------------------------------------------------------------------
// Clients and addresses

export function stack(userAgent: string, headers: readonly (readonly [string, string])[]) {
  return { userAgent, headers } satisfies ClientProfile;
}

/** A few addresses inside one /24 (a campus, a venue, an office). */
export function subnet(rng: Rng, first: number): readonly string[] {
  const prefix = `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
  return Array.from({ length: rng.int(2, 6) }, () => `${prefix}.${rng.int(2, 250)}`);
}

/** Mobile-carrier CGNAT style addresses (many users per address, shifting). */
export function mobileIp(rng: Rng): string {
  return `${rng.pick([100, 172, 176, 37, 46, 5])}.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

// ---------------------------------------------------------------------------------------------
// Requests

export { send } from '../personas/requests.ts';

export interface Tool {
  readonly name: string;
  readonly description: string;
  readonly schema: Record<string, unknown>;
}

/** A JSON schema with typed properties: `{ path: 'string', line: 'integer', mode: ['a','b'] }`. */
export function schema(
  properties: Readonly<Record<string, string | readonly string[]>>,
  required: readonly string[] = Object.keys(properties).slice(0, 1),
): Record<string, unknown> {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, type]) => [
        name,
        typeof type === 'string' ? { type } : { type: 'string', enum: [...type] },
      ]),
    ),
    required: [...required],
  };
}

export function anthropicTools(tools: readonly Tool[]): Record<string, unknown>[] {
  return tools.map((tool) => ({
    name: tool.name,
    description: tool.description,
    input_schema: tool.schema,
  }));
}

export function openaiTools(tools: readonly Tool[]): Record<string, unknown>[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.schema },
  }));
}

/** A Messages API body; undefined options are left out. */
export function messagesBody(options: {
  model: string;
  maxTokens: number;
  messages: readonly Record<string, unknown>[];
  system?: string | undefined;
  temperature?: number | undefined;
  thinking?: number | undefined;
  tools?: readonly Tool[] | undefined;
  userId?: string | undefined;
  stream?: boolean | undefined;
  topP?: number | undefined;
}): Record<string, unknown> {
  return {
    model: options.model,
    max_tokens: options.maxTokens,
    ...(options.system !== undefined ? { system: options.system } : {}),
    messages: options.messages,
    ...(options.temperature !== undefined && options.thinking === undefined
      ? { temperature: options.temperature }
      : {}),
    ...(options.topP !== undefined ? { top_p: options.topP } : {}),
    ...(options.thinking !== undefined
      ? { thinking: { type: 'enabled', budget_tokens: options.thinking } }
      : {}),
    ...(options.tools ? { tools: anthropicTools(options.tools) } : {}),
    ...(options.userId !== undefined ? { metadata: { user_id: options.userId } } : {}),
    ...(options.stream ? { stream: true } : {}),
  };
}

/** A chat-completions body; undefined options are left out. */
export function chatBody(options: {
  model: string;
  messages: readonly Record<string, unknown>[];
  system?: string | undefined;
  maxTokens?: number | undefined;
  maxCompletionTokens?: number | undefined;
  temperature?: number | undefined;
  n?: number | undefined;
  tools?: readonly Tool[] | undefined;
  user?: string | undefined;
  stream?: boolean | undefined;
  reasoningEffort?: 'low' | 'medium' | 'high' | undefined;
  seed?: number | undefined;
  responseFormat?: 'json_object' | undefined;
}): Record<string, unknown> {
  return {
    model: options.model,
    messages: [
      ...(options.system !== undefined ? [{ role: 'system', content: options.system }] : []),
      ...options.messages,
    ],
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.maxCompletionTokens !== undefined
      ? { max_completion_tokens: options.maxCompletionTokens }
      : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.n !== undefined ? { n: options.n } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.reasoningEffort !== undefined ? { reasoning_effort: options.reasoningEffort } : {}),
    ...(options.responseFormat !== undefined
      ? { response_format: { type: options.responseFormat } }
      : {}),
    ...(options.tools ? { tools: openaiTools(options.tools) } : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

export {
  assistant as assistantTurn,
  hex,
  toolStep as toolExchange,
  user as userTurn,
} from '../personas/requests.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A made-up PNG screenshot, base64 (a few kilobytes: the proxy sees an image block). */
export function screenshot(rng: Rng, kilobytes: number): string {
  const length = Math.round(kilobytes * 1024);
  let data = 'iVBORw0KGgoAAAANSUhEUgAA';
  const chunk: string[] = [];
  for (let i = 0; i < length; i++) chunk.push(B64[Math.floor(rng.next() * 64)] as string);
  data += chunk.join('');
  return data.slice(0, data.length - (data.length % 4));
}

/** A user turn with an image and text, in the dialect's shape. */
export function imageTurn(
  dialect: 'anthropic' | 'openai',
  image: string,
  text: string,
): Record<string, unknown> {
  if (dialect === 'anthropic')
    return {
      role: 'user',
      content: [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: image } },
        { type: 'text', text },
      ],
    };
  return {
    role: 'user',
    content: [
      { type: 'text', text },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${image}`, detail: 'high' } },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Responses and accounts over time

export function refused(response: SimResponse): boolean {
  return response.status === 403 || response.status === 429;
}

/**
 * Accounts an actor hands out least-recently-used first: refused ones are burned for good or
 * benched until a time, reserves are promoted when a caller asks for more capacity.
 */
export class Roster {
  private readonly queue: SimAccountSpec[];
  private readonly reserve: SimAccountSpec[];
  private readonly benched = new Map<string, number>();
  private readonly burnt = new Set<string>();

  constructor(active: readonly SimAccountSpec[], reserve: readonly SimAccountSpec[] = []) {
    this.queue = [...active];
    this.reserve = [...reserve];
  }

  /** The least recently used account that is neither burned nor benched at `now`. */
  next(now: number): SimAccountSpec | undefined {
    for (let i = 0; i < this.queue.length; i++) {
      const account = this.queue[i] as SimAccountSpec;
      if ((this.benched.get(account.id) ?? 0) > now) continue;
      this.queue.splice(i, 1);
      this.queue.push(account);
      return account;
    }
    return this.replace();
  }

  /** Never use the account again; a reserve account joins instead (when one is left). */
  burn(id: string): void {
    if (this.burnt.has(id)) return;
    this.burnt.add(id);
    const index = this.queue.findIndex((account) => account.id === id);
    if (index >= 0) this.queue.splice(index, 1);
    this.replace();
  }

  bench(id: string, until: number): void {
    this.benched.set(id, Math.max(until, this.benched.get(id) ?? 0));
  }

  /** Moves `count` reserve accounts into rotation. */
  promote(count: number): void {
    for (let i = 0; i < count; i++) if (!this.replace()) return;
  }

  get live(): number {
    return this.queue.length;
  }

  get reserveLeft(): number {
    return this.reserve.length;
  }

  private replace(): SimAccountSpec | undefined {
    const fresh = this.reserve.shift();
    if (fresh) this.queue.push(fresh);
    return fresh;
  }
}

/** Runs `fire` without waiting, remembering it so the actor can wait for all before it returns. */
export function tracker(): {
  fire: (work: () => Promise<unknown>) => void;
  drain: () => Promise<void>;
} {
  const pending = new Set<Promise<unknown>>();
  return {
    fire(work) {
      const started = work().catch(() => undefined);
      pending.add(started);
      void started.finally(() => pending.delete(started));
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

/** Human think time around `mean` ms (log-normal, never below a fifth of it). */
export function human(rng: Rng, mean: number): number {
  return Math.max(mean / 5, mean * Math.exp(rng.normal(0, 0.7) - 0.245));
}

export { between, shuffle as shuffled, weighted, zipf } from '../rng.ts';

/** A backend's reaction to 429: new work waits until the Retry-After has passed. */
export class Hold {
  private until = 0;

  /** Runs `request` and notes a 429 it meets. */
  async after(ctx: ActorContext, request: () => Promise<SimResponse>): Promise<SimResponse> {
    const response = await request();
    if (response.status === 429)
      this.until = Math.max(this.until, ctx.now() + (response.retryAfterMs ?? 5_000));
    return response;
  }

  async wait(ctx: ActorContext): Promise<void> {
    if (this.until > ctx.now()) await ctx.sleep(this.until - ctx.now());
  }
}

/** A client kind that can speak the model's dialect (an SDK only speaks its own vendor's API). */
export function kindFor(
  rng: Rng,
  model: string,
  kinds: readonly (readonly [ClientKind, number])[],
): ClientKind {
  const openai = isOpenAi(model);
  const fits = kinds.filter(
    ([kind]) => !(openai ? kind.startsWith('anthropic') : kind.startsWith('openai')),
  );
  return weighted(rng, fits.length > 0 ? fits : kinds);
}

/**
 * A computer-use step: the action, then the screenshot it produced. The Messages API carries the
 * image inside the tool_result; chat completions cannot put images in a tool message, so the
 * screenshot follows as a user turn.
 */
export function screenExchange(
  dialect: 'anthropic' | 'openai',
  id: string,
  name: string,
  input: Record<string, unknown>,
  image: string,
  text: string,
): Record<string, unknown>[] {
  if (dialect === 'openai')
    return [...toolStep('openai', id, name, input, 'ok'), imageTurn('openai', image, text)];
  return [
    { role: 'assistant', content: [{ type: 'tool_use', id, name, input }] },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: id,
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: image } },
          ],
        },
        { type: 'text', text },
      ],
    },
  ];
}

/** A copy of the message with its screenshots (top level or in tool results) as text stand-ins. */
export function withoutScreens(
  message: Record<string, unknown>,
  standIn: string,
): Record<string, unknown> {
  const content = message['content'];
  if (!Array.isArray(content)) return message;
  const strip = (block: Record<string, unknown>): Record<string, unknown> => {
    if (block['type'] === 'image' || block['type'] === 'image_url')
      return { type: 'text', text: standIn };
    const inner = block['content'];
    if (block['type'] === 'tool_result' && Array.isArray(inner))
      return { ...block, content: inner.map(strip) };
    return block;
  };
  return { ...message, content: content.map(strip) };
}
