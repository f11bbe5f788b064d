/**
 * Client identities: the user agent and header set an SDK, tool or browser really sends (their
 * order is part of the fingerprint the proxy sees), and client addresses — stable home and
 * office IPs for people, cloud ranges for jobs, one NAT address for a whole company, and
 * residential-proxy pools spread over many /24s for campaigns.
 */
import type { SimRequest } from '../actor.ts';
import { weighted, type Rng } from '../rng.ts';

export interface ClientProfile {
  readonly userAgent: string;
  readonly headers: readonly (readonly [string, string])[];
}

export type ClientKind =
  | 'anthropic-js'
  | 'anthropic-python'
  | 'openai-python'
  | 'openai-js'
  | 'httpx'
  | 'curl'
  | 'browser'
  | 'aiohttp'
  | 'go'
  | 'axios';

const OS = ['Linux', 'MacOS', 'Windows'] as const;
const ARCH = ['x64', 'arm64'] as const;

export function clientProfile(rng: Rng, kind: ClientKind): ClientProfile {
  const stainless = (lang: string, version: string, runtime: string, runtimeVersion: string) =>
    [
      ['accept', 'application/json'],
      ['x-stainless-lang', lang],
      ['x-stainless-package-version', version],
      ['x-stainless-os', rng.pick(OS)],
      ['x-stainless-arch', rng.pick(ARCH)],
      ['x-stainless-runtime', runtime],
      ['x-stainless-runtime-version', runtimeVersion],
      ['x-stainless-retry-count', '0'],
    ] as const;
  switch (kind) {
    case 'anthropic-js': {
      const version = `0.${rng.int(30, 71)}.${rng.int(0, 3)}`;
      return {
        userAgent: `Anthropic/JS ${version}`,
        headers: stainless(
          'js',
          version,
          'node',
          `v${rng.pick(['18', '20', '22', '24'])}.${rng.int(0, 19)}.0`,
        ),
      };
    }
    case 'anthropic-python': {
      const version = `0.${rng.int(30, 75)}.${rng.int(0, 2)}`;
      return {
        userAgent: `Anthropic/Python ${version}`,
        headers: stainless('python', version, 'CPython', `3.${rng.int(9, 13)}.${rng.int(0, 9)}`),
      };
    }
    case 'openai-python': {
      const version = `1.${rng.int(30, 99)}.${rng.int(0, 3)}`;
      return {
        userAgent: `OpenAI/Python ${version}`,
        headers: stainless('python', version, 'CPython', `3.${rng.int(9, 13)}.${rng.int(0, 9)}`),
      };
    }
    case 'openai-js': {
      const version = `4.${rng.int(20, 104)}.${rng.int(0, 4)}`;
      return {
        userAgent: `OpenAI/JS ${version}`,
        headers: stainless(
          'js',
          version,
          'node',
          `v${rng.pick(['18', '20', '22'])}.${rng.int(0, 19)}.0`,
        ),
      };
    }
    case 'httpx':
      return {
        userAgent: `python-httpx/0.${rng.int(24, 28)}.${rng.int(0, 2)}`,
        headers: [
          ['accept', '*/*'],
          ['accept-encoding', 'gzip, deflate'],
        ],
      };
    case 'curl':
      return {
        userAgent: `curl/8.${rng.int(0, 11)}.${rng.int(0, 1)}`,
        headers: [['accept', '*/*']],
      };
    case 'aiohttp':
      return {
        userAgent: `Python/3.${rng.int(9, 12)} aiohttp/3.${rng.int(8, 10)}.${rng.int(0, 5)}`,
        headers: [
          ['accept', '*/*'],
          ['accept-encoding', 'gzip, deflate'],
        ],
      };
    case 'go':
      return { userAgent: 'Go-http-client/1.1', headers: [['accept-encoding', 'gzip']] };
    case 'axios':
      return {
        userAgent: `axios/1.${rng.int(4, 7)}.${rng.int(0, 9)}`,
        headers: [['accept', 'application/json, text/plain, */*']],
      };
    case 'browser':
      return chromePage(
        rng,
        [118, 131],
        () =>
          rng.pick([
            'en-US,en;q=0.9',
            'de-DE,de;q=0.9,en;q=0.8',
            'fr-FR,fr;q=0.9',
            'ja,en;q=0.8',
            'es-ES,es;q=0.9',
          ]),
        'https://chat.example-app.com',
      );
  }
}

/**
 * A chat page in desktop Chrome (a version in `versions`, inclusive) on `origin`: the version and
 * the platform are drawn first, then `language` gives the Accept-Language (a draw of its own or a
 * fixed locale).
 */
export function chromePage(
  rng: Rng,
  versions: readonly [number, number],
  language: () => string,
  origin: string,
): ClientProfile {
  const chrome = rng.int(...versions);
  const platform = rng.pick([
    'Windows NT 10.0; Win64; x64',
    'Macintosh; Intel Mac OS X 10_15_7',
    'X11; Linux x86_64',
  ]);
  return {
    userAgent: `Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome}.0.0.0 Safari/537.36`,
    headers: [
      ['accept', '*/*'],
      ['accept-language', language()],
      ['origin', origin],
      ['sec-fetch-mode', 'cors'],
    ],
  };
}

/** Client kinds, by weight. */
export type ClientMix = readonly (readonly [ClientKind, number])[];

/**
 * A client of one of `kinds` (by weight) that speaks `dialect`: an SDK speaks its vendor's only;
 * when none of `kinds` fits, any of them.
 */
export function clientFor(
  rng: Rng,
  dialect: SimRequest['dialect'],
  kinds: ClientMix,
): ClientProfile {
  const fits = kinds.filter(([kind]) =>
    dialect === 'openai' ? !kind.startsWith('anthropic') : !kind.startsWith('openai'),
  );
  return clientProfile(rng, weighted(rng, fits.length > 0 ? fits : kinds));
}

/** Both vendors' Python SDKs, one for each dialect (a job or a harness that sends in both). */
export function pythonClients(rng: Rng): Readonly<Record<SimRequest['dialect'], ClientProfile>> {
  return {
    anthropic: clientProfile(rng, 'anthropic-python'),
    openai: clientProfile(rng, 'openai-python'),
  };
}

/** First octets of consumer ISP ranges (illustrative). */
const RESIDENTIAL = [
  24, 31, 37, 46, 68, 71, 73, 76, 77, 79, 81, 82, 84, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 98,
  109, 151, 174, 176, 178, 185, 188, 212, 213, 217,
];
/** First octets of cloud provider ranges (illustrative). */
const CLOUD = [3, 13, 18, 34, 35, 44, 52, 54, 104, 130, 146];

export function homeIp(rng: Rng): string {
  return `${rng.pick(RESIDENTIAL)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

export function cloudIp(rng: Rng): string {
  return `${rng.pick(CLOUD)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/**
 * A residential-proxy pool: `prefixes` distinct /24s, each contributing a few exit addresses.
 * Campaigns draw a fresh exit per request (rotation).
 */
export function proxyPool(rng: Rng, prefixes: number): readonly string[] {
  const pool: string[] = [];
  for (let i = 0; i < prefixes; i++) {
    const prefix = `${rng.pick(RESIDENTIAL)}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
    const exits = rng.int(1, 4);
    for (let j = 0; j < exits; j++) pool.push(`${prefix}.${rng.int(1, 254)}`);
  }
  return pool;
}

/** `count` addresses inside one /24 whose first octet is `first` (an office, a campus, a NAT). */
export function subnet(rng: Rng, first: number, count: number): string[] {
  const prefix = `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}`;
  return Array.from({ length: count }, () => `${prefix}.${rng.int(2, 250)}`);
}
