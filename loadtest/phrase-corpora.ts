/**
 * How well the phrase detectors read intent on text they were not written from (issue 4: detection
 * that generalises). Four corpora of whole user turns, each written by a helper that saw none of
 * the detector's code: `*-dev` were read while the patterns were improved (their misses guided the
 * work); `*-heldout` were never read — only run, and only their counts looked at. Keep it so: a
 * pattern tuned to a held-out prompt makes this a measure of memory.
 *
 * Per corpus: what ships (readRequestSignals: patterns or intent model), the patterns alone and the
 * intent model alone (src/signals/intent-model.ts). The `*-train*` corpora are the models' training
 * data (scripts/train-intent-model.ts), not measured here; `-dev` chose the models' thresholds.
 *
 *   node loadtest/phrase-corpora.ts            recall and false positives per corpus
 *   node loadtest/phrase-corpora.ts --misses   also print the dev corpora's misses
 */
import { anthropic } from '../src/dialects/anthropic.ts';
import {
  INTENT_MODELS,
  readRequestSignals,
  type RequestSignals,
} from '../src/signals/request-signals.ts';
import { loadCorpus, modelFlags, patternsFlag, pct, rate, settings } from './phrase-corpus.ts';

function signals(text: string): RequestSignals {
  const body = { model: 'm', max_tokens: 1024, messages: [{ role: 'user', content: text }] };
  return readRequestSignals(
    {
      dialect: 'anthropic',
      routeId: 'anthropic.messages',
      body,
      rawHeaders: [],
      ipPrefix: '203.0.113.0/24',
      model: anthropic.readRequest('anthropic.messages', body).model,
      maxTokens: 1024,
      choices: 1,
    },
    settings,
  );
}

const CORPORA = [
  { name: 'grading-dev', task: 'grading' },
  { name: 'grading-heldout', task: 'grading' },
  { name: 'elicitation-dev', task: 'elicitation' },
  { name: 'elicitation-heldout', task: 'elicitation' },
] as const;

const showMisses = process.argv.includes('--misses');
process.stdout.write(
  `${'corpus'.padEnd(20)} ${'shipped: recall · false positives'.padEnd(36)} patterns alone            model alone\n`,
);
for (const { name, task } of CORPORA) {
  const corpus = await loadCorpus(name);
  const signal = (s: RequestSignals): boolean =>
    (task === 'grading' ? s.grading : s.elicitation) > 0;
  const hits = corpus.POS.filter((text) => signal(signals(text)));
  const flagged = corpus.NEG.filter((text) => signal(signals(text)));
  const count = (texts: readonly string[], part: 'patterns' | 'model'): number =>
    texts.filter((text) =>
      part === 'patterns' ? patternsFlag(task, text) : modelFlags(task, text, INTENT_MODELS),
    ).length;
  const pos = corpus.POS.length;
  const neg = corpus.NEG.length;
  process.stdout.write(
    `${name.padEnd(20)} ${`${rate(hits.length, pos)} · ${rate(flagged.length, neg)}`.padEnd(36)} ` +
      `${`${pct(count(corpus.POS, 'patterns'), pos)} · ${pct(count(corpus.NEG, 'patterns'), neg)}`.padEnd(25)} ` +
      `${pct(count(corpus.POS, 'model'), pos)} · ${pct(count(corpus.NEG, 'model'), neg)}\n`,
  );
  if (showMisses && name.endsWith('-dev')) {
    for (const text of corpus.POS)
      if (!hits.includes(text)) process.stdout.write(`  miss: ${text.slice(0, 100)}\n`);
    for (const text of flagged) process.stdout.write(`  flagged: ${text.slice(0, 100)}\n`);
  }
}
