/**
 * Runs a scenario end to end: starts the mock inference API and the real proxy in-process
 * (config/simulate.yaml unless told otherwise), registers one API key per simulated account, lets
 * every actor drive traffic concurrently over real HTTP (bounded in flight and in rate), then
 * stops the actors, waits for what is in flight, shuts the proxy down (flushing its decision log)
 * and returns what was sent together with every decision the proxy logged.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { startApp } from '../app.ts';
import { generateApiKey, generateKeyId, hashApiKey } from '../auth/api-key.ts';
import { writeKeyFile, type KeyFileInput } from '../auth/key-file.ts';
import type { DecisionRecord } from '../decision-log/record.ts';
import { startMockUpstream } from '../mock-upstream/mock-upstream.ts';
import { silentLogger } from '../util/logger.ts';
import type {
  Actor,
  ActorContext,
  Scenario,
  SimAccountSpec,
  SimRequest,
  SimResponse,
} from './actor.ts';
import { isCoverRequest } from './cover.ts';
import { groundTruth, type GroundTruth, type SendRecord } from './ground-truth.ts';
import { simulatedOutputTokens } from './output-tokens.ts';
import { createRng } from './rng.ts';
import { createSendGate } from './send-gate.ts';
import { sendRequest } from './send-request.ts';

export const SIMULATE_CONFIG = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../config/simulate.yaml',
);

const DAY_MS = 86_400_000;

/**
 * A real model's ~50 output tokens a second under the simulator's compression of time (its
 * detection windows are 30 s for production's 1 h: 120×): the `--generation` that models answer
 * time as the windows model the rest (the demo runs with it; loadtest/DETECTION.md, stop 48).
 */
export const COMPRESSED_GENERATION = 6000;

export interface RunOptions {
  readonly seed?: number;
  /** Scenario length in ms (default 60 s). */
  readonly duration?: number;
  readonly scale?: number;
  /** Requests started per second across all actors, at most (default 500). */
  readonly rate?: number;
  /** Requests in flight at once, at most (default 64; 512 when answers take time to generate). */
  readonly concurrency?: number;
  /**
   * Output tokens the mock model writes per second of simulated time (0 or absent: answers come
   * at once, as in every recorded run). With it, a request is in flight while its answer is
   * written — the time the proxy's in-flight re-check acts within (pipeline/recheck-in-flight.ts).
   */
  readonly generationTokensPerSecond?: number;
  /** Proxy config (default config/simulate.yaml). */
  readonly configFile?: string;
  /** Keep the proxy's decision log: copied here once the run ends (e.g. to backtest a policy). */
  readonly keepLog?: string;
  /** Called about every `progressInterval` ms while the scenario runs. */
  readonly onProgress?: (progress: Progress) => void;
  readonly progressInterval?: number;
}

export interface Progress {
  readonly at: number;
  readonly sent: number;
  /** Requests answered 403 or 429 so far. */
  readonly refused: number;
  readonly failed: number;
}

export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly scale: number;
  readonly duration: number;
  /** Wall time of the whole run (setup and shutdown included), ms. */
  readonly elapsed: number;
  readonly sends: readonly SendRecord[];
  readonly records: readonly DecisionRecord[];
  readonly truth: GroundTruth;
  /** Actors that threw (their traffic up to then is kept). */
  readonly actorErrors: readonly string[];
}

export async function runScenario(
  scenario: Scenario,
  options: RunOptions = {},
): Promise<RunResult> {
  const seed = options.seed ?? 1;
  const duration = options.duration ?? 60_000;
  const scale = options.scale ?? 1;
  const rng = createRng(seed);
  const actors = scenario.build(rng.fork('build'), { duration, scale });
  const accounts = collectAccounts(actors);
  const dir = await mkdtemp(join(tmpdir(), 'distillguard-sim-'));
  const epoch = Date.now();
  const secret = `sim-upstream-${randomBytes(8).toString('hex')}`;
  const generation = options.generationTokensPerSecond ?? 0;
  const mock = await startMockUpstream({
    words: 8,
    expectedCredential: secret,
    outputTokens: simulatedOutputTokens,
    ...(generation > 0 ? { generationMsPerToken: 1000 / generation } : {}),
  });
  try {
    const keys = await writeKeys(join(dir, 'keys.jsonl'), accounts, epoch);
    const decisionLog = join(dir, 'decisions.ndjson');
    const app = await startApp({
      configFile: options.configFile ?? SIMULATE_CONFIG,
      env: { SIM_UPSTREAM_KEY: secret, DISTILLGUARD_ADMIN_TOKEN: randomBytes(24).toString('hex') },
      overrides: {
        listen: { port: 0 },
        admin: { port: 0 },
        upstream: { url: mock.url },
        auth: { key_file: join(dir, 'keys.jsonl') },
        decision_log: { path: decisionLog },
        detection: {
          models: scenario.models.map((model) => ({
            name: model.name,
            released_at: new Date(epoch + model.releasedAt).toISOString(),
            max_output_tokens: model.maxOutputTokens,
          })),
        },
      },
      watch: false,
      logger: silentLogger,
    });
    const concurrency = options.concurrency ?? (generation > 0 ? 512 : 64);
    const pool = new Pool(app.url, { connections: concurrency, pipelining: 1 });
    let traffic: Traffic;
    try {
      traffic = await drive(actors, keys, pool, epoch, {
        models: new Map(scenario.models.map((model) => [model.name, model.releasedAt])),
        duration,
        seed,
        concurrency,
        rate: options.rate ?? 500,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        progressInterval: options.progressInterval ?? 5_000,
      });
    } finally {
      await pool.close();
      await app.shutdown();
    }
    if (options.keepLog !== undefined) await copyFile(decisionLog, options.keepLog);
    const records = (await readFile(decisionLog, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as DecisionRecord);
    return {
      scenario: scenario.name,
      seed,
      scale,
      duration,
      elapsed: Date.now() - epoch,
      sends: traffic.sends,
      records,
      truth: groundTruth(actors),
      actorErrors: traffic.errors,
    };
  } finally {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  }
}

interface Traffic {
  readonly sends: SendRecord[];
  readonly errors: string[];
}

interface DriveOptions {
  /** Release of each model, ms since the scenario start. */
  readonly models: ReadonlyMap<string, number>;
  readonly duration: number;
  readonly seed: number;
  readonly concurrency: number;
  readonly rate: number;
  readonly onProgress?: (progress: Progress) => void;
  readonly progressInterval: number;
}

/** Runs every actor until the duration has passed, then waits for the requests in flight. */
async function drive(
  actors: readonly Actor[],
  keys: ReadonlyMap<string, string>,
  pool: Pool,
  epoch: number,
  options: DriveOptions,
): Promise<Traffic> {
  const sends: SendRecord[] = [];
  const errors: string[] = [];
  const gate = createSendGate(options.concurrency, options.rate);
  const now = (): number => Date.now() - epoch;
  // The scenario clock starts before the proxy does; actors get the full duration from here.
  const end = now() + options.duration;
  let stopped = false;
  let stop!: () => void;
  const stopping = new Promise<void>((resolve) => (stop = resolve));
  const timer = setTimeout(() => {
    stopped = true;
    gate.close();
    stop();
  }, options.duration);
  const counts = { refused: 0, failed: 0 };
  const inflight = new Set<Promise<SimResponse>>();
  const progress = setInterval(() => {
    options.onProgress?.({ at: now(), sent: sends.length, ...counts });
  }, options.progressInterval);
  const root = createRng(options.seed).fork('run');

  const contextFor = (actor: Actor): ActorContext => {
    const allowed = new Set([
      ...actor.accounts.map((account) => account.id),
      ...(actor.borrows ?? []),
    ]);
    return {
      rng: root.fork(actor.name),
      now,
      duration: end,
      stopped: () => stopped,
      sleep: (ms) => sleep(ms, stopping),
      releasedAt: (model) => releasedAt(actor, model),
      send(account, request): Promise<SimResponse> {
        // Tracked: an actor may fire without awaiting, and the run waits for every answer.
        const sent = sendAs(account, request);
        inflight.add(sent);
        const settle = (): void => void inflight.delete(sent);
        sent.then(settle, settle);
        return sent;
      },
    };
    async function sendAs(account: string, request: SimRequest): Promise<SimResponse> {
      const key = keys.get(account);
      if (!key || !allowed.has(account))
        throw new Error(`actor ${actor.name} sent as ${account}, which is not its account`);
      const body = JSON.stringify(request.body); // as sent, before any wait (sendRequest)
      if (!(await gate.acquire()))
        return { status: 0, outputTokens: 0, requestId: undefined, retryAfterMs: undefined };
      const at = now();
      try {
        const response = await sendRequest(pool, request, key, body);
        if (response.status === 403 || response.status === 429) counts.refused++;
        if (response.status === 0) counts.failed++;
        sends.push({
          actor: actor.name,
          persona: actor.persona,
          role: actor.role,
          campaign: actor.campaign,
          account,
          at,
          status: response.status,
          outputTokens: response.outputTokens,
          requestId: response.requestId,
          ...(isCoverRequest(request) ? { cover: true } : {}),
        });
        return response;
      } finally {
        gate.release();
      }
    }
  };
  const releasedAt = (actor: Actor, model: string): number => {
    const at = options.models.get(model);
    if (at === undefined) throw new Error(`actor ${actor.name} asked for unknown model ${model}`);
    return at;
  };
  await Promise.all(
    actors.map((actor) =>
      actor.run(contextFor(actor)).catch((error: unknown) => {
        errors.push(`${actor.name}: ${error instanceof Error ? error.message : String(error)}`);
      }),
    ),
  );
  await Promise.allSettled(inflight);
  clearTimeout(timer);
  clearInterval(progress);
  gate.close();
  stop();
  return { sends, errors };
}

function sleep(ms: number, stopping: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms)))),
    stopping,
  ]).finally(() => clearTimeout(timer));
}

function collectAccounts(actors: readonly Actor[]): SimAccountSpec[] {
  const seen = new Map<string, SimAccountSpec>();
  for (const actor of actors)
    for (const account of actor.accounts) {
      if (seen.has(account.id)) throw new Error(`account ${account.id} is owned by two actors`);
      seen.set(account.id, account);
    }
  return [...seen.values()];
}

/** Writes one API key per account (JSON Lines: thousands of accounts load in milliseconds). */
async function writeKeys(
  file: string,
  accounts: readonly SimAccountSpec[],
  epoch: number,
): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const entries: KeyFileInput[] = accounts.map((account) => {
    const key = generateApiKey();
    keys.set(account.id, key);
    const created = new Date(epoch - account.ageDays * DAY_MS).toISOString();
    return {
      id: generateKeyId(),
      sha256: hashApiKey(key),
      account: account.id,
      ...(account.org ? { org: account.org } : {}),
      tier: account.tier,
      created_at: created,
      account_created_at: created,
      verified: account.verified,
      labels: [...(account.labels ?? [])],
      ...(account.programme ? { programme: account.programme } : {}),
      ...(account.declaredUse ? { declared_use: account.declaredUse } : {}),
    };
  });
  await writeKeyFile(file, entries);
  return keys;
}
