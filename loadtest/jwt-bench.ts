/**
 * JWT microbenchmark (issue 3's targets), measured through the real verifier — never assumed:
 *
 * - first sight of a token (header checks, key selection, jose jwtVerify, claim mapping, cache
 *   insert): ≤ 100 µs median for ES256 and EdDSA; RS256 shown for comparison;
 * - a cached token (SHA-256 of the token + LRU lookup, answered synchronously): ≤ 2 µs median;
 * - a token refused before any crypto (alg none), for scale;
 * - reference floors: the bare signature check through WebCrypto (what jose calls) and through
 *   node:crypto's synchronous verify, so a miss can be attributed to the crypto or to the rest.
 *
 * Usage: node loadtest/jwt-bench.ts [--markdown]. Bounded to a few seconds. Static keys, so no
 * network is involved. Timings on a shared machine move with its load; the load average is shown.
 */
import { KeyObject, verify as verifySync, webcrypto } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import { createJwtVerifier } from '../src/auth/jwt/create-jwt-verifier.ts';
import type { JwtVerifier } from '../src/auth/jwt/jwt-verifier.ts';
import { jwtSchema } from '../src/config/jwt-schema.ts';
import { systemClock } from '../src/util/clock.ts';

type Alg = 'ES256' | 'EdDSA' | 'RS256';
const ISS = 'https://auth.example.test/';
const WARMUP = 200;
const SUBTLE = {
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
} as const;
const CACHED_TOKENS = 1_000;
const CACHED_BATCH = 10_000;
const CACHED_BATCHES = 150;

interface Row {
  readonly measure: string;
  readonly median: number;
  readonly p99: number;
  readonly target?: number;
}

interface KeyPair {
  readonly alg: Alg;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

async function keyPair(alg: Alg): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, publicKey };
}

function signTokens(pair: KeyPair, count: number, prefix: string): Promise<string[]> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      new SignJWT({
        iss: ISS,
        aud: 'distillguard',
        sub: `acct_${i}`,
        org_id: 'org_bench',
        tier: 'standard',
        email_verified: true,
        labels: ['bench'],
        iat: nowSeconds,
        exp: nowSeconds + 3_600,
        jti: `${prefix}-${pair.alg}-${i}`,
      })
        .setProtectedHeader({ alg: pair.alg, kid: pair.alg })
        .sign(pair.privateKey),
    ),
  );
}

function quantiles(samples: number[]): { median: number; p99: number } {
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)] ?? Number.NaN,
    p99: samples[Math.floor(samples.length * 0.99)] ?? Number.NaN,
  };
}

/**
 * First sight, timed one verification at a time (each is tens of µs: well above timer noise),
 * interleaved with the reference measures on other tokens of the same key so that the machine's
 * load at any moment weighs on all of them alike.
 */
async function firstSight(verifier: JwtVerifier, pair: KeyPair, count: number): Promise<Row[]> {
  const [tokens, others] = await Promise.all([
    signTokens(pair, count, 'a'),
    signTokens(pair, count, 'b'),
  ]);
  const keyObject = KeyObject.from(pair.publicKey);
  const options = {
    issuer: ISS,
    audience: 'distillguard',
    algorithms: [pair.alg],
    clockTolerance: 30,
    requiredClaims: ['exp', 'sub'],
  };
  const samples = {
    verifier: [] as number[],
    jose: [] as number[],
    subtle: [] as number[],
    sync: [] as number[],
  };
  const time = async (list: number[], keep: boolean, run: () => unknown): Promise<void> => {
    const t0 = performance.now();
    if (!(await run())) throw new Error(`${pair.alg}: a valid token failed`);
    if (keep) list.push((performance.now() - t0) * 1000);
  };
  for (let i = 0; i < count; i++) {
    const keep = i >= WARMUP;
    const token = tokens[i]!;
    const other = others[i]!;
    const dot = other.lastIndexOf('.');
    const input = Buffer.from(other.slice(0, dot));
    const signature = Buffer.from(other.slice(dot + 1), 'base64url');
    await time(samples.verifier, keep, async () => (await verifier.verify(token, Date.now())).ok);
    await time(
      samples.jose,
      keep,
      async () =>
        (await jwtVerify(other, pair.publicKey, { ...options, currentDate: new Date() })).payload,
    );
    await time(samples.subtle, keep, () =>
      webcrypto.subtle.verify(SUBTLE[pair.alg], pair.publicKey, signature, input),
    );
    await time(samples.sync, keep, () =>
      verifySync(
        pair.alg === 'EdDSA' ? null : 'sha256',
        input,
        pair.alg === 'ES256' ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : keyObject,
        signature,
      ),
    );
  }
  const target = pair.alg === 'RS256' ? {} : { target: 100 };
  return [
    {
      measure: `first sight ${pair.alg} (the verifier, end to end)`,
      ...quantiles(samples.verifier),
      ...target,
    },
    { measure: `  reference: jose jwtVerify ${pair.alg} alone`, ...quantiles(samples.jose) },
    {
      measure: `  reference: crypto.subtle.verify ${pair.alg} alone`,
      ...quantiles(samples.subtle),
    },
    {
      measure: `  reference: node:crypto verify ${pair.alg} alone (sync)`,
      ...quantiles(samples.sync),
    },
  ];
}

/** Cached (and pre-crypto) answers are sub-µs: timed as batch means, the median over batches. */
function batched(run: (i: number) => void): number[] {
  const samples: number[] = [];
  for (let round = 0; round < CACHED_BATCHES; round++) {
    const t0 = performance.now();
    for (let i = 0; i < CACHED_BATCH; i++) run(round * CACHED_BATCH + i);
    const elapsed = performance.now() - t0;
    if (round >= 20) samples.push((elapsed * 1000) / CACHED_BATCH);
  }
  return samples;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { markdown: { type: 'boolean', default: false } } });
  const load = loadavg()[0] ?? 0;
  const pairs = await Promise.all((['ES256', 'EdDSA', 'RS256'] as const).map(keyPair));
  const keys = await Promise.all(
    pairs.map(async (p) => ({ ...(await exportJWK(p.publicKey)), kid: p.alg, alg: p.alg })),
  );
  const config = jwtSchema.parse({
    issuers: [
      {
        name: 'bench',
        issuer: ISS,
        audience: 'distillguard',
        algorithms: ['ES256', 'EdDSA', 'RS256'],
        keys,
      },
    ],
  });
  const verifier = createJwtVerifier(config, { clock: systemClock });
  const rows: Row[] = [];
  try {
    for (const pair of pairs) {
      // RS256 signing is slow (ms): fewer of those tokens keep the run to a few seconds.
      rows.push(...(await firstSight(verifier, pair, pair.alg === 'RS256' ? 500 : 1_500)));
    }
    const cachedTokens = await signTokens(pairs[0]!, CACHED_TOKENS, 'c');
    for (const token of cachedTokens) await verifier.verify(token, Date.now());
    const now = Date.now();
    rows.push({
      measure: 'cached token (SHA-256 + LRU, synchronous)',
      ...quantiles(
        batched((i) => {
          const outcome = verifier.verify(cachedTokens[i % CACHED_TOKENS]!, now);
          if (outcome instanceof Promise || !outcome.ok) throw new Error('cache miss');
        }),
      ),
      target: 2,
    });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(`{"iss":"${ISS}"}`).toString('base64url')}.`;
    const noneTokens = Array.from({ length: 64 }, (_, i) => `${none}${'A'.repeat(i)}`);
    rows.push({
      measure: 'refused before crypto (alg none)',
      ...quantiles(
        batched((i) => {
          const outcome = verifier.verify(noneTokens[i % noneTokens.length]!, now);
          if (outcome instanceof Promise || outcome.ok) throw new Error('alg none not refused');
        }),
      ),
    });
  } finally {
    verifier.close();
  }
  const cpu = cpus();
  const context = `${cpu[0]?.model.trim() ?? 'unknown CPU'} × ${cpu.length} · Node ${process.versions.node} · load average ${load.toFixed(2)} at start (shared machine)`;
  process.stdout.write(values.markdown ? markdown(rows, context) : plain(rows, context));
}

const fmt = (us: number) => (us < 10 ? `${us.toFixed(2)} µs` : `${us.toFixed(0)} µs`);
const verdict = (row: Row) =>
  row.target === undefined ? '' : row.median <= row.target ? 'met' : 'not met';

function markdown(rows: Row[], context: string): string {
  return [
    `JWT verification (\`node loadtest/jwt-bench.ts\`; ${context}):`,
    '',
    '| measure | median | p99 | target | |',
    '|---|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.measure.trim()} | ${fmt(r.median)} | ${fmt(r.p99)} | ${r.target === undefined ? '' : `≤ ${r.target} µs`} | ${verdict(r)} |`,
    ),
    '',
  ].join('\n');
}

function plain(rows: Row[], context: string): string {
  const width = Math.max(...rows.map((r) => r.measure.length));
  const lines = rows.map(
    (r) =>
      `${r.measure.padEnd(width)}  ${fmt(r.median).padStart(9)}  p99 ${fmt(r.p99).padStart(9)}  ${r.target === undefined ? '' : `target ≤ ${r.target} µs: ${verdict(r)}`}`,
  );
  return [context, '', `${'measure'.padEnd(width)}  ${'median'.padStart(9)}`, ...lines, ''].join(
    '\n',
  );
}

await main();
