/**
 * Traffic for the admin API, telemetry and review-page suites: more accounts in a harness's key
 * file, a small hydra (young accounts sharing one template with varying fill-ins, harvesting
 * parameters, round-robin) that the shipped rules block by cluster, and plain chat requests.
 */
import { readFile } from 'node:fs/promises';
import { request } from 'undici';
import { parse } from 'yaml';
import { writeKeyFile, type KeyFileInput } from '../../src/auth/key-file.ts';
import type { Harness } from './harness.ts';
import { hydraKeys } from './hydra.ts';

export const MODEL = 'mock-large';

/** Harness config that makes detection act within a test: short window, quick cluster batches. */
export const FAST_DETECTION = {
  window: '60s',
  refresh_interval: '25ms',
  models: [{ name: MODEL, max_output_tokens: 4096 }],
} as const;

/** Adds `count` young free-tier accounts `<prefix><i>` to the key file; returns their keys. */
export async function addHydraAccounts(
  h: Harness,
  prefix: string,
  count: number,
): Promise<string[]> {
  const existing = parse(await readFile(h.keyFile, 'utf8')) as { keys: KeyFileInput[] };
  const { keys, entries } = hydraKeys(count, prefix);
  await writeKeyFile(h.keyFile, [...existing.keys, ...entries]);
  const status = await h.app.reload();
  if (!status.ok) throw new Error(`key reload failed: ${status.errors.join('; ')}`);
  return keys;
}

export function hydraPrompt(index: number): string {
  return (
    `You are a meticulous tutor. Solve the following problem step by step and show all of your ` +
    `intermediate reasoning before the answer: problem number ${17 + index} about case ` +
    `"${index}". Finally give the final answer on its own line and explain every step.`
  );
}

/** One OpenAI-dialect chat request; resolves to the status. */
export async function chat(
  h: Harness,
  key: string,
  content: string,
  maxTokens = 256,
): Promise<number> {
  const res = await request(`${h.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: MODEL,
      max_completion_tokens: maxTokens,
      messages: [{ role: 'user', content }],
    }),
  });
  await res.body.dump();
  return res.statusCode;
}

/** Rounds of the hydra's harvest, round-robin over its keys; returns every status. */
export async function runHydra(
  h: Harness,
  keys: readonly string[],
  rounds: number,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const [i, key] of keys.entries()) {
      statuses.push(await chat(h, key, hydraPrompt(round * keys.length + i), 4096));
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the cluster batch run
  }
  return statuses;
}
