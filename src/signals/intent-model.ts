/**
 * Two small linear models of what a turn asks for — the model as a grader (S5) and the model's
 * reasoning written out (S4) — over the tokens the shape reader hashes (text-shape.ts): each token
 * and each pair of neighbours, hashed into 2^MODEL_BITS weights per model. They read what the
 * phrase patterns (phrases.ts) cannot list: a judge prompt or a harvest that words its request in
 * a way nobody wrote a pattern for. A turn is flagged when a pattern or its model says so.
 *
 * Trained by `node scripts/train-intent-model.ts` (logistic regression, deterministic) on corpora
 * written for training, thresholds chosen on the `-dev` corpora, measured on the `-heldout`
 * corpora they never saw (loadtest/phrase-corpora.ts). The weights are generated into
 * intent-weights.ts and decoded by request-signals.ts; this module holds no weights, so the
 * trainer can change the features or their size. Cost: per token, two bucket hashes shared by
 * both models and one table read per bucket per model; no allocation.
 */
import { fmix } from './hash.ts';

/** Weights per model: 16,384 one-byte weights (hashed features collide rarely at this size). */
export const MODEL_BITS = 14;
const MASK = (1 << MODEL_BITS) - 1;
/** The token before the first: a turn's opening words are features of their own. */
const START = 0x3b9aca07;

/** The bucket of a token (a unigram feature). */
function unigramBucket(token: number): number {
  return fmix(token ^ 0x5bd1e995) & MASK;
}

/** The bucket of a pair of neighbouring tokens (a bigram feature). */
function bigramBucket(previous: number, token: number): number {
  return fmix(Math.imul(previous, 0x9e3779b1) ^ token ^ 0x27d4eb2f) & MASK;
}

export interface IntentModel {
  /** Quantised weights; a feature's weight is `weights[bucket] × scale`. */
  readonly weights: Int8Array;
  readonly scale: number;
  readonly bias: number;
  /** The logit at and above which the model flags a turn. */
  readonly threshold: number;
}

/** The grading and elicitation models a shape is read with. */
export interface IntentModels {
  readonly grading: IntentModel;
  readonly elicitation: IntentModel;
}

/** Generated model data (intent-weights.ts). */
export interface ModelData {
  /** 2^MODEL_BITS signed bytes, base64. */
  readonly weights: string;
  readonly scale: number;
  readonly bias: number;
  readonly threshold: number;
}

export function decodeModel(data: ModelData): IntentModel {
  const bytes = Buffer.from(data.weights, 'base64');
  if (bytes.length !== 1 << MODEL_BITS)
    throw new Error(`intent model: ${bytes.length} weights, expected ${1 << MODEL_BITS}`);
  return {
    weights: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    scale: data.scale,
    bias: data.bias,
    threshold: data.threshold,
  };
}

/** Where a read's logits land (text-shape.ts: the TextShape). */
export interface IntentLogits {
  gradeLogit: number;
  elicitLogit: number;
}

/**
 * Both models' logits for `tokens[0, count)` — each model's bias plus the weight of every feature
 * seen — into `out`.
 */
export function intentLogits(
  models: IntentModels,
  tokens: Int32Array,
  count: number,
  out: IntentLogits,
): void {
  const grading = models.grading.weights;
  const elicitation = models.elicitation.weights;
  let gradeSum = 0;
  let elicitSum = 0;
  let previous = START;
  for (let k = 0; k < count; k++) {
    const token = tokens[k] ?? 0;
    const unigram = unigramBucket(token);
    const bigram = bigramBucket(previous, token);
    gradeSum += (grading[unigram] ?? 0) + (grading[bigram] ?? 0);
    elicitSum += (elicitation[unigram] ?? 0) + (elicitation[bigram] ?? 0);
    previous = token;
  }
  out.gradeLogit = models.grading.bias + gradeSum * models.grading.scale;
  out.elicitLogit = models.elicitation.bias + elicitSum * models.elicitation.scale;
}

/** Every feature bucket of `tokens[0, count)` (two per token): what the trainer sums. */
export function featureBuckets(tokens: Int32Array, count: number): number[] {
  const out: number[] = [];
  let previous = START;
  for (let k = 0; k < count; k++) {
    const token = tokens[k] ?? 0;
    out.push(unigramBucket(token), bigramBucket(previous, token));
    previous = token;
  }
  return out;
}
