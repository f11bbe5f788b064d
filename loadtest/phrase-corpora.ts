/**
 * How well the phrase detectors read intent on text they were not written from (issue 4: detection
 * that generalises). Four corpora of whole user turns, each written by a helper that saw none of
 * the detector's code: `*-dev` were read while the patterns were improved (their misses guided the
 * work); `*-heldout` were never read — only run, and only their counts looked at. Keep it so: a
 * pattern tuned to a held-out prompt makes this a measure of memory.
 *
 *   node loadtest/phrase-corpora.ts            recall and false positives per corpus
 *   node loadtest/phrase-corpora.ts --misses   also print the dev corpora's misses
 */
import { anthropic } from '../src/dialects/anthropic.ts';
import { detectionSchema } from '../src/detection/detection-schema.ts';
import { compileDetection } from '../src/detection/detection-settings.ts';
import { readRequestSignals, type RequestSignals } from '../src/signals/request-signals.ts';

interface Corpus {
  readonly POS: readonly string[];
  readonly NEG: readonly string[];
}

const settings = compileDetection(detectionSchema.parse({}));

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
  { name: 'grading-dev', signal: (s: RequestSignals) => s.grading > 0 },
  { name: 'grading-heldout', signal: (s: RequestSignals) => s.grading > 0 },
  { name: 'elicitation-dev', signal: (s: RequestSignals) => s.elicitation > 0 },
  { name: 'elicitation-heldout', signal: (s: RequestSignals) => s.elicitation > 0 },
] as const;

const showMisses = process.argv.includes('--misses');
for (const { name, signal } of CORPORA) {
  const corpus = (await import(`./phrase-corpora/${name}.ts`)) as Corpus;
  const hits = corpus.POS.filter((text) => signal(signals(text)));
  const flagged = corpus.NEG.filter((text) => signal(signals(text)));
  const pct = (n: number, of: number): string => `${((100 * n) / of).toFixed(0)} %`;
  process.stdout.write(
    `${name.padEnd(20)} recall ${hits.length}/${corpus.POS.length} (${pct(hits.length, corpus.POS.length)})` +
      `  false positives ${flagged.length}/${corpus.NEG.length} (${pct(flagged.length, corpus.NEG.length)})\n`,
  );
  if (showMisses && name.endsWith('-dev')) {
    for (const text of corpus.POS)
      if (!hits.includes(text)) process.stdout.write(`  miss: ${text.slice(0, 100)}\n`);
    for (const text of flagged) process.stdout.write(`  flagged: ${text.slice(0, 100)}\n`);
  }
}
