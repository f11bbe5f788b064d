/**
 * The phrase corpora (loadtest/phrase-corpora/) and how one of their turns is read, shared by the
 * measurement (phrase-corpora.ts) and the intent models' trainer (scripts/train-intent-model.ts):
 * a turn as the proxy reads it at the default settings — its scanned part, tokenised — and what
 * the phrase patterns alone and the intent models alone say of it.
 */
import { detectionSchema } from '../src/detection/detection-schema.ts';
import { compileDetection } from '../src/detection/detection-settings.ts';
import type { IntentModels } from '../src/signals/intent-model.ts';
import { elicitsReasoning, gradingLevel } from '../src/signals/phrases.ts';
import { scannedPart } from '../src/signals/standing-asks.ts';
import { newTextShape, readTextShape, type TextShape } from '../src/signals/text-shape.ts';

export interface Corpus {
  readonly POS: readonly string[];
  readonly NEG: readonly string[];
}

export type Task = 'grading' | 'elicitation';

export const settings = compileDetection(detectionSchema.parse({}));
const shape = newTextShape();
const corporaDir = new URL('phrase-corpora/', import.meta.url);

export async function loadCorpus(name: string): Promise<Corpus> {
  return (await import(new URL(`${name}.ts`, corporaDir).href)) as Corpus;
}

/** `n` of `of` as a whole percentage ("42 %"), as the corpus reports print it. */
export function pct(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(0)} %`;
}

/** `n` of `of` with its percentage ("21/50 (42 %)"). */
export function rate(n: number, of: number): string {
  return `${n}/${of} (${pct(n, of)})`;
}

/** The part of a single user turn readRequestSignals reads (scannedPart at the default settings). */
function scanned(text: string): string {
  return scannedPart(text, settings.hashedChars);
}

/**
 * Reads a single user turn as readRequestSignals does (its scanned part), with the models' logits
 * when given. The shape is shared: valid until the next read.
 */
export function readTurn(text: string, models?: IntentModels): TextShape {
  const part = scanned(text);
  return readTextShape(part, part.length, shape, models);
}

/** What the phrase patterns alone say of a single user turn for `task`. */
export function patternsFlag(task: Task, text: string): boolean {
  const part = scanned(text);
  const read = readTextShape(part, part.length, shape);
  return task === 'grading'
    ? gradingLevel(part, read.triggers, false, read) > 0
    : elicitsReasoning(part, read.triggers, read);
}

/** What the intent model of `task` alone says of a single user turn. */
export function modelFlags(task: Task, text: string, models: IntentModels): boolean {
  const read = readTurn(text, models);
  return task === 'grading'
    ? read.gradeLogit >= models.grading.threshold
    : read.elicitLogit >= models.elicitation.threshold;
}
