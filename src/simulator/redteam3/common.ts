/**
 * Red team 3's shared machinery: account builders, client fingerprints (SDK user agents with
 * their header orders), address pools and the worker loops every actor paces itself with.
 * Written blind to detection: only the simulator's contract (`actor.ts`) and THREATS.md.
 */
import type { ActorContext, SimAccountSpec, SimRequest, SimResponse } from '../actor.ts';
import type { Rng } from '../rng.ts';

export const OLD_MODEL = 'orca-4';
export const NEW_MODEL = 'orca-4.5';
export const SMALL_MODEL = 'orca-4-lite';

/** Scales a nominal count, keeping at least one. */
export function scaled(count: number, scale: number): number {
  return Math.max(1, Math.round(count * scale));
}

export interface AccountOptions {
  readonly tier: string;
  readonly ageDays: readonly [number, number];
  readonly verified: boolean | number;
  readonly org?: string;
  readonly programme?: string;
  readonly declaredUse?: string;
  readonly labels?: readonly string[];
}

/** `count` accounts `${prefix}_0000…`, ages uniform in the range; `verified` may be a share. */
export function accounts(
  rng: Rng,
  prefix: string,
  count: number,
  options: AccountOptions,
): SimAccountSpec[] {
  return Array.from({ length: count }, (_, i) => {
    const [low, high] = options.ageDays;
    const verified =
      typeof options.verified === 'number' ? rng.chance(options.verified) : options.verified;
    return {
      id: `${prefix}_${String(i).padStart(4, '0')}`,
      tier: options.tier,
      ageDays: Math.round((low + rng.next() * (high - low)) * 10) / 10,
      verified,
      ...(options.org ? { org: options.org } : {}),
      ...(options.programme ? { programme: options.programme } : {}),
      ...(options.declaredUse ? { declaredUse: options.declaredUse } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
    };
  });
}

/** A client: its user agent and the headers it sends, in its order. */
export interface Client {
  readonly userAgent: string;
  readonly headers: readonly (readonly [string, string])[];
}

export const CLIENTS = {
  anthropicPython: {
    userAgent: 'Anthropic/Python 0.52.1',
    headers: [
      ['accept', 'application/json'],
      ['x-stainless-lang', 'python'],
      ['x-stainless-package-version', '0.52.1'],
      ['x-stainless-runtime', 'CPython'],
    ],
  },
  anthropicNode: {
    userAgent: 'Anthropic/JS 0.54.0',
    headers: [
      ['accept', 'application/json'],
      ['x-stainless-lang', 'js'],
      ['x-stainless-package-version', '0.54.0'],
      ['x-stainless-runtime', 'node'],
    ],
  },
  openaiPython: {
    userAgent: 'OpenAI/Python 1.86.0',
    headers: [
      ['accept', 'application/json'],
      ['x-stainless-lang', 'python'],
      ['x-stainless-package-version', '1.86.0'],
      ['x-stainless-os', 'Linux'],
    ],
  },
  openaiNode: {
    userAgent: 'OpenAI/JS 5.3.0',
    headers: [
      ['accept', 'application/json'],
      ['x-stainless-lang', 'js'],
      ['x-stainless-package-version', '5.3.0'],
      ['x-stainless-os', 'MacOS'],
    ],
  },
  httpx: { userAgent: 'python-httpx/0.28.1', headers: [['accept', '*/*']] },
  requests: {
    userAgent: 'python-requests/2.32.3',
    headers: [
      ['accept-encoding', 'gzip, deflate'],
      ['accept', '*/*'],
    ],
  },
  langchain: {
    userAgent: 'langchain-anthropic/0.3.15 Anthropic/Python 0.52.1',
    headers: [
      ['accept', 'application/json'],
      ['x-stainless-lang', 'python'],
    ],
  },
  browserFetch: {
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    headers: [
      ['accept', '*/*'],
      ['accept-language', 'en-GB,en;q=0.9'],
      ['origin', 'https://app.example-chat.io'],
    ],
  },
  quill: {
    userAgent: 'quill-agent/2.8.4 (node 22.11.0; linux x64)',
    headers: [
      ['accept', 'application/json'],
      ['x-app', 'quill'],
      ['anthropic-beta', 'interleaved-thinking-2025-05-14'],
    ],
  },
  goSdk: { userAgent: 'Go-http-client/2.0', headers: [['accept-encoding', 'gzip']] },
} as const satisfies Record<string, Client>;

export type ClientName = keyof typeof CLIENTS;

/** A request from `client` at `clientIp`. */
export function request(
  dialect: 'anthropic' | 'openai',
  body: Record<string, unknown>,
  client: Client,
  clientIp: string,
): SimRequest {
  return { dialect, body, userAgent: client.userAgent, headers: client.headers, clientIp };
}

/** An address inside `a.b.0.0/16`. */
export function ipIn(rng: Rng, prefix: string): string {
  return `${prefix}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** Consumer broadband ranges a residential-proxy network exits from (documentation-style). */
const RESIDENTIAL = [
  '24.17',
  '47.146',
  '68.52',
  '73.189',
  '82.132',
  '86.29',
  '92.184',
  '98.207',
  '109.190',
  '151.64',
  '176.31',
  '187.35',
  '189.6',
  '201.17',
  '31.13',
  '95.91',
  '122.161',
  '49.36',
  '112.134',
  '171.5',
  '36.72',
  '118.69',
  '2.80',
  '5.91',
];

export function residentialIp(rng: Rng): string {
  return ipIn(rng, rng.pick(RESIDENTIAL));
}

/** A cloud address (workers in a data centre). */
export function cloudIp(rng: Rng): string {
  return ipIn(rng, rng.pick(['34.82', '35.190', '52.14', '54.201', '3.120', '13.58', '20.81']));
}

/** Lognormal think time with the given median (ms) and spread (sigma of the log). */
export function humanGap(rng: Rng, median: number, sigma = 0.9): number {
  return median * Math.exp(rng.normal(0, sigma));
}

/** Machine pacing: the mean with a small jitter. */
export function machineGap(rng: Rng, mean: number, jitter = 0.1): number {
  return Math.max(1, mean * (1 + (rng.next() * 2 - 1) * jitter));
}

/**
 * Runs `workers` loops until the run stops; each calls `step` again and again (a step sends one
 * request or one multi-turn episode, with its own sleeps). A worker starts after a random delay
 * within `startSpread` ms so that a fleet does not begin in lockstep.
 */
export async function runWorkers(
  ctx: ActorContext,
  workers: number,
  step: (worker: number, rng: Rng) => Promise<void>,
  startSpread = 3_000,
  startAt = 0,
): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const rng = ctx.rng.fork(`worker-${worker}`);
      await ctx.sleep(startAt + rng.next() * startSpread);
      while (!ctx.stopped()) await step(worker, rng);
    }),
  );
}

/** Sleeps for a 429's Retry-After (or `fallback`), as a polite client does. */
export async function backOff(
  ctx: ActorContext,
  response: SimResponse,
  fallback = 1_000,
): Promise<void> {
  if (response.status === 429) await ctx.sleep(Math.min(response.retryAfterMs ?? fallback, 5_000));
}

/** A short fake PNG (base64) standing in for a screenshot or a photo. */
export function fakeImage(rng: Rng): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let data = 'iVBORw0KGgoAAAANSUhEUgAA';
  for (let i = 0; i < 160; i++) data += alphabet.charAt(rng.int(0, 63));
  return data;
}

/** A hex id of `length` characters. */
export function hexId(rng: Rng, length = 12): string {
  let id = '';
  for (let i = 0; i < length; i++) id += '0123456789abcdef'.charAt(rng.int(0, 15));
  return id;
}

/** Fills `{slot}` markers from `slots` (a random pick each), leaving unknown ones as they are. */
export function fill(
  rng: Rng,
  template: string,
  slots: Readonly<Record<string, readonly string[]>>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const values = slots[name];
    return values && values.length > 0 ? rng.pick(values) : whole;
  });
}
