/**
 * Trains the intent models (src/signals/intent-model.ts) and writes src/signals/intent-weights.ts.
 *
 *   node scripts/train-intent-model.ts           train, report, write the weights
 *   node scripts/train-intent-model.ts --check   train and fail if the weights file differs
 *
 * Logistic regression with an L2 penalty, full-batch gradient descent from zero weights: the same
 * corpora give the same weights on every machine. Data:
 *  - train: loadtest/phrase-corpora/<task>-train*.ts — written for training by helpers that saw
 *    no detector code; the other task's turns are negatives too (its positives unless the
 *    patterns flag them for this task), and so are everyday-train*.ts: ordinary traffic, much of
 *    it a few words long (without it a short turn reads as a positive: the hard negatives are
 *    long), everyday near misses (quiz options, checking one's own answer, "which is better"), and
 *    apps' system prompts (system-train.ts: read with every request an app sends, a false
 *    positive there marks all of them);
 *  - dev: <task>-dev.ts picks the penalty (log loss) and the threshold: the lowest logit that
 *    flags at most MAX_DEV_FALSE_POSITIVES of its negatives, and never below 0 (p = 0.5) — so
 *    far the floor has been it for both models;
 *  - held out: <task>-heldout.ts is never read here (loadtest/phrase-corpora.ts measures it).
 * Features are read exactly as the proxy reads a turn: its scanned part (the first and last
 * hashed_chars at the default), tokenised by readTextShape.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { featureBuckets, MODEL_BITS, type IntentModel } from '../src/signals/intent-model.ts';
import { shapeTokens } from '../src/signals/text-shape.ts';
import {
  loadCorpus as corpus,
  patternsFlag,
  rate,
  readTurn,
  type Task,
} from '../loadtest/phrase-corpus.ts';

interface Example {
  readonly features: Int32Array;
  readonly label: 0 | 1;
}

const SIZE = 1 << MODEL_BITS;
const PENALTIES = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];
const ITERATIONS = 600;
const LEARNING_RATE = 0.5;
const MOMENTUM = 0.9;
/** Share of dev negatives the model alone may flag at its threshold. */
const MAX_DEV_FALSE_POSITIVES = 0.05;

const weightsFile = fileURLToPath(new URL('../src/signals/intent-weights.ts', import.meta.url));

function featuresOf(text: string): Int32Array {
  const { tokens } = readTurn(text);
  return Int32Array.from(featureBuckets(shapeTokens(), tokens));
}

function examples(pos: readonly string[], neg: readonly string[]): Example[] {
  return [
    ...pos.map((text) => ({ features: featuresOf(text), label: 1 as const })),
    ...neg.map((text) => ({ features: featuresOf(text), label: 0 as const })),
  ];
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logit(w: Float64Array, bias: number, features: Int32Array): number {
  let sum = bias;
  for (const bucket of features) sum += w[bucket] ?? 0;
  return sum;
}

/** Full-batch gradient descent with momentum on the mean log loss plus (penalty / 2) |w|². */
function train(data: readonly Example[], penalty: number): { w: Float64Array; bias: number } {
  const w = new Float64Array(SIZE);
  const velocity = new Float64Array(SIZE);
  const gradient = new Float64Array(SIZE);
  let bias = 0;
  let biasVelocity = 0;
  // Classes weighted equally whatever their sizes.
  const positives = data.filter((e) => e.label === 1).length;
  const weightOf = (e: Example): number =>
    e.label === 1 ? 0.5 / positives : 0.5 / (data.length - positives);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    gradient.fill(0);
    let biasGradient = 0;
    for (const example of data) {
      const error = (sigmoid(logit(w, bias, example.features)) - example.label) * weightOf(example);
      biasGradient += error;
      for (const bucket of example.features) gradient[bucket] = (gradient[bucket] ?? 0) + error;
    }
    for (let i = 0; i < SIZE; i++) {
      const g = (gradient[i] ?? 0) + penalty * (w[i] ?? 0);
      velocity[i] = MOMENTUM * (velocity[i] ?? 0) - LEARNING_RATE * g;
      w[i] = (w[i] ?? 0) + (velocity[i] ?? 0);
    }
    biasVelocity = MOMENTUM * biasVelocity - LEARNING_RATE * biasGradient;
    bias += biasVelocity;
  }
  return { w, bias };
}

function quantise(w: Float64Array, bias: number): IntentModel {
  let max = 0;
  for (const value of w) max = Math.max(max, Math.abs(value));
  const scale = max === 0 ? 0 : max / 127;
  const weights = new Int8Array(SIZE);
  for (let i = 0; i < SIZE; i++) weights[i] = scale === 0 ? 0 : Math.round((w[i] ?? 0) / scale);
  return { weights, scale: round(scale), bias: round(bias), threshold: 0 };
}

function round(x: number): number {
  return Number(x.toPrecision(8));
}

/** A quantised model's logit for an example, as the proxy computes it (intentLogits). */
function modelScore(model: IntentModel, example: Example): number {
  // intentLogits reads tokens; the example holds their buckets already: summed the same way.
  let sum = 0;
  for (const bucket of example.features) sum += model.weights[bucket] ?? 0;
  return model.bias + sum * model.scale;
}

function logLoss(model: IntentModel, data: readonly Example[]): number {
  let loss = 0;
  for (const e of data) {
    const p = Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(modelScore(model, e))));
    loss -= e.label === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return loss / data.length;
}

/** The lowest threshold flagging at most MAX_DEV_FALSE_POSITIVES of dev's negatives. */
function chooseThreshold(model: IntentModel, dev: readonly Example[]): number {
  const negatives = dev
    .filter((e) => e.label === 0)
    .map((e) => modelScore(model, e))
    .sort((a, b) => b - a);
  const allowed = Math.floor(MAX_DEV_FALSE_POSITIVES * negatives.length);
  // Just above the (allowed + 1)-th highest negative's logit, and never below 0 (p = 0.5).
  return round(Math.max(0, (negatives[allowed] ?? -Infinity) + 1e-6));
}

function rates(model: IntentModel, data: readonly Example[]): string {
  const pos = data.filter((e) => e.label === 1);
  const neg = data.filter((e) => e.label === 0);
  const hit = (e: Example): boolean => modelScore(model, e) >= model.threshold;
  const tp = pos.filter(hit).length;
  const fp = neg.filter(hit).length;
  return `recall ${rate(tp, pos.length)}, false positives ${rate(fp, neg.length)}`;
}

async function build(task: Task, other: Task): Promise<{ model: IntentModel; report: string }> {
  const own = [await corpus(`${task}-train`), await corpus(`${task}-train2`)];
  // Ordinary traffic: everyday messages, their near misses, apps' system prompts.
  const ordinary = [
    await corpus('everyday-train'),
    await corpus('everyday-train2'),
    await corpus('system-train'),
  ];
  const others = [await corpus(`${other}-train`), await corpus(`${other}-train2`)];
  // The other task's turns are negatives too: a judge prompt is no reasoning harvest, nor the
  // reverse — unless it also asks for this task in words the patterns know ("think step by step,
  // then give your verdict"), which stays out rather than be taught as a negative.
  const trainSet = examples(
    own.flatMap((c) => c.POS),
    [
      ...own.flatMap((c) => c.NEG),
      ...ordinary.flatMap((c) => c.NEG),
      ...others.flatMap((c) => c.NEG),
      ...others.flatMap((c) => c.POS).filter((text) => !patternsFlag(task, text)),
    ],
  );
  const devCorpus = await corpus(`${task}-dev`);
  const dev = examples(devCorpus.POS, devCorpus.NEG);
  // The other task's dev positives: a judge prompt is not a reasoning harvest, nor the reverse.
  const otherDev = examples([], (await corpus(`${other}-dev`)).POS);
  let best: { model: IntentModel; loss: number; penalty: number } | undefined;
  const lines: string[] = [];
  for (const penalty of PENALTIES) {
    const { w, bias } = train(trainSet, penalty);
    const model = quantise(w, bias);
    const loss = logLoss(model, dev);
    lines.push(`  penalty ${penalty}: dev log loss ${loss.toFixed(3)}`);
    if (best === undefined || loss < best.loss) best = { model, loss, penalty };
  }
  if (best === undefined) throw new Error('no penalty tried');
  const model = { ...best.model, threshold: chooseThreshold(best.model, dev) };
  lines.push(
    `  chosen penalty ${best.penalty}, threshold ${model.threshold}`,
    `  train ${rates(model, trainSet)}`,
    `  dev   ${rates(model, dev)}`,
    `  ${other} dev positives flagged: ${otherDev.filter((e) => modelScore(model, e) >= model.threshold).length}/${otherDev.length}`,
  );
  return { model, report: `${task}: ${trainSet.length} training turns\n${lines.join('\n')}` };
}

function modelSource(name: string, model: IntentModel): string {
  const weights = Buffer.from(model.weights.buffer).toString('base64');
  const chunks = weights.match(/.{1,96}/g) ?? [];
  return [
    `export const ${name}: ModelData = {`,
    `  weights: [`,
    ...chunks.map((chunk) => `    '${chunk}',`),
    `  ].join(''),`,
    `  scale: ${model.scale},`,
    `  bias: ${model.bias},`,
    `  threshold: ${model.threshold},`,
    `};`,
  ].join('\n');
}

const grading = await build('grading', 'elicitation');
const elicitation = await build('elicitation', 'grading');
process.stdout.write(`${grading.report}\n${elicitation.report}\n`);

// The proxy reads a turn's logits with readTextShape (intentLogits); check they are the trainer's.
const probe = 'Please rate the assistant response below from 1 to 10 and explain step by step.';
const probeFeatures = featuresOf(probe);
const read = readTurn(probe, { grading: grading.model, elicitation: elicitation.model });
for (const [logit, model] of [
  [read.gradeLogit, grading.model],
  [read.elicitLogit, elicitation.model],
] as const) {
  const fromBuckets = modelScore(model, { features: probeFeatures, label: 1 });
  if (Math.abs(logit - fromBuckets) > 1e-9)
    throw new Error(`readTextShape's logit ${logit} != trainer ${fromBuckets}`);
}

const source = `${[
  '// Generated by `node scripts/train-intent-model.ts` from loadtest/phrase-corpora: do not edit.',
  '// Weights: 2^14 signed bytes (base64) times `scale`; `threshold` is the flagging logit.',
  "import type { ModelData } from './intent-model.ts';",
  '',
  modelSource('GRADING_MODEL', grading.model),
  '',
  modelSource('ELICITATION_MODEL', elicitation.model),
].join('\n')}\n`;
if (process.argv.includes('--check')) {
  if (readFileSync(weightsFile, 'utf8') !== source) {
    process.stderr.write('intent-weights.ts differs from what the corpora train: retrain\n');
    process.exit(1);
  }
  process.stdout.write('intent-weights.ts matches the corpora\n');
} else {
  writeFileSync(weightsFile, source);
  process.stdout.write(`wrote ${weightsFile}\n`);
}
