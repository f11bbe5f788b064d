/**
 * A small hydra for detection tests: young, unverified accounts onboarded through an abused
 * programme, and one tutoring template that asks for step-by-step reasoning with varying
 * fill-ins — a campaign's exact skeleton is shared, its text is not.
 */
import { generateApiKey, generateKeyId, hashApiKey } from '../../src/auth/api-key.ts';
import type { KeyFileInput } from '../../src/auth/key-file.ts';

/** `count` hydra accounts (`<prefix>0`…): their keys, and their key entries (two days old). */
export function hydraKeys(
  count: number,
  prefix = 'acct_h',
): { keys: string[]; entries: KeyFileInput[] } {
  const created = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const keys: string[] = [];
  const entries: KeyFileInput[] = [];
  for (let i = 0; i < count; i++) {
    const key = generateApiKey();
    keys.push(key);
    entries.push({
      id: generateKeyId(),
      sha256: hashApiKey(key),
      account: `${prefix}${i}`,
      tier: 'free',
      created_at: created,
      account_created_at: created,
      programme: 'startup',
    });
  }
  return { keys, entries };
}
const TOPICS = [
  'the boiling point of water at altitude',
  'compound interest on a small loan',
  'the area of an irregular garden plot',
  'the speed of a train overtaking another',
  'mixing two salt solutions of different strength',
  'the probability of drawing two aces',
  'the time for a tank to drain through a pipe',
  'the cost of painting a cylindrical silo',
];

export function harvestPrompt(index: number): string {
  const topic = TOPICS[index % TOPICS.length] ?? '';
  return (
    `You are a meticulous tutor. Solve the following problem step by step and show all of your ` +
    `intermediate reasoning before the answer: a question about ${topic}, with the value ` +
    `${17 + index} and the name "case ${index}". Finally give the final answer on its own line ` +
    `and explain why each step follows from the previous one.`
  );
}
