/**
 * Decoy tools microbenchmarks: what interception costs per SSE event (a stream that calls a decoy
 * beside a real tool, and the common case of one that calls none) and per 20 KB JSON answer, next
 * to a plain pass-through of the same buffers; and the request side (decoys spliced into a body,
 * the body searched for leaked names) on a 20 KB and a 1 MB request. Bounded in time (about
 * 11 × `--seconds` in all); `--write` records the "decoy" section of loadtest/RESULTS.md.
 *
 *   node loadtest/decoy-bench.ts [--seconds 1] [--write]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDecoyNamer } from '../src/degrade/decoy-names.ts';
import { DecoyRegistry, findDecoyName } from '../src/degrade/decoy-scan.ts';
import { injectDecoys } from '../src/degrade/decoy-tools.ts';
import { interceptDecoyJson } from '../src/degrade/intercept-decoy-json.ts';
import { SseDecoyInterceptor } from '../src/degrade/sse-decoy-interceptor.ts';
import { anthropicEvents, anthropicMessage } from '../src/mock-upstream/anthropic-mock.ts';
import { mockAnswer } from '../src/mock-upstream/mock-answer.ts';
import { openaiEvents } from '../src/mock-upstream/openai-mock.ts';
import { microsPerCall } from './batch-timer.ts';
import { describeRun } from './machine.ts';
import { writeSection } from './results-file.ts';

const HERE = import.meta.dirname;
const AT = Date.now();
const namer = createDecoyNamer('decoy-secret-for-the-benchmark-0123456789', 7 * 86_400_000, 2);
const [DECOY, OTHER] = namer.tools('acct_bench', AT).map((tool) => tool.name) as [string, string];
const state = () => ({ names: new Set([DECOY, OTHER]), intercepted: 0 });

const answer = (words: number, calls: readonly string[]) =>
  mockAnswer({
    model: 'frontier',
    requestBytes: 4000,
    words,
    thinking: false,
    maxTokens: undefined,
    toolCalls: calls,
  });

/** µs per event of a stream (events in runs of 4, as the aligner hands them on). */
function perEvent(
  seconds: number,
  routeId: string,
  events: readonly string[],
  intercept: boolean,
): number {
  const runs: Buffer[] = [];
  for (let i = 0; i < events.length; i += 4)
    runs.push(Buffer.from(events.slice(i, i + 4).join('')));
  let interceptor = new SseDecoyInterceptor(routeId, state());
  const us = microsPerCall(seconds, 1000, (i) => {
    const k = i % runs.length;
    const run = runs[k] as Buffer;
    if (!intercept) return run.length;
    if (k === 0) interceptor = new SseDecoyInterceptor(routeId, state());
    return interceptor.pushBuffer(run).length;
  });
  return us / (events.length / runs.length);
}

/** A request body of about `bytes`, with one real tool and a long conversation. */
function requestBody(bytes: number): { raw: Buffer; body: Record<string, unknown> } {
  const turn = 'Please look at the following log excerpt and explain what failed. '.repeat(20);
  const messages = [];
  while (JSON.stringify(messages).length < bytes)
    messages.push({ role: messages.length % 2 === 0 ? 'user' : 'assistant', content: turn });
  const body = {
    model: 'frontier',
    max_tokens: 1024,
    tools: [{ name: 'get_weather', description: 'Weather.', input_schema: { type: 'object' } }],
    messages,
  };
  return { raw: Buffer.from(JSON.stringify(body)), body };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '1' },
      write: { type: 'boolean', default: false },
    },
  });
  const s = Number(values.seconds);
  const rows: [string, number][] = [];
  const add = (label: string, us: number): void => void rows.push([label, us]);

  const anthropic = anthropicEvents(answer(200, [DECOY, 'get_weather', OTHER]));
  add(
    `Anthropic SSE calling 2 decoys and a real tool (${anthropic.length} events), per event`,
    perEvent(s, 'anthropic.messages', anthropic, true),
  );
  add(
    'reference: the same buffers passed through untouched, per event',
    perEvent(s, 'anthropic.messages', anthropic, false),
  );
  const plain = anthropicEvents(answer(200, ['get_weather']));
  add(
    'Anthropic SSE calling only a real tool (the common case), per event',
    perEvent(s, 'anthropic.messages', plain, true),
  );
  const chat = openaiEvents(
    '/v1/chat/completions',
    answer(200, [DECOY, 'get_weather', OTHER]),
    true,
  );
  add(
    `OpenAI Chat SSE calling 2 decoys and a real tool (${chat.length} events), per event`,
    perEvent(s, 'openai.chat_completions', chat, true),
  );

  const json = Buffer.from(JSON.stringify(anthropicMessage(answer(3300, [DECOY, 'get_weather']))));
  add(
    `JSON: a ${(json.length / 1024).toFixed(1)} KB Anthropic message with a decoy call (parse, then cut from the bytes)`,
    microsPerCall(
      s,
      50,
      () => interceptDecoyJson('anthropic.messages', json, state())?.length ?? 0,
    ),
  );
  const clean = Buffer.from(JSON.stringify(anthropicMessage(answer(3300, ['get_weather']))));
  add(
    `JSON: a ${(clean.length / 1024).toFixed(1)} KB Anthropic message without one (parse only)`,
    microsPerCall(
      s,
      50,
      () => interceptDecoyJson('anthropic.messages', clean, state())?.length ?? 0,
    ),
  );

  const decoys = namer.tools('acct_bench', AT);
  // The worst case: the account was served decoys, so its own names are searched for in the text.
  const registry = new DecoyRegistry(10);
  registry.remember(
    decoys.map((tool) => tool.name),
    'acct_bench',
  );
  for (const size of [20 * 1024, 1024 * 1024]) {
    const { raw, body } = requestBody(size);
    const kb = `${(raw.length / 1024).toFixed(0)} KB`;
    add(
      `request: 2 decoys spliced into a ${kb} body`,
      microsPerCall(
        s,
        size > 100_000 ? 5 : 50,
        () => injectDecoys('anthropic.messages', raw, body, decoys).length,
      ),
    );
    add(
      `request: a ${kb} body searched for leaked decoy names`,
      microsPerCall(s, size > 100_000 ? 5 : 50, () =>
        findDecoyName(registry, 'acct_bench', raw, 'anthropic.messages', body) === null ? 1 : 0,
      ),
    );
  }

  const context = describeRun(join(HERE, '..'), false);
  const markdown = [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/decoy-bench.ts --seconds ${s} --write\`: median of batch means per call.`,
    '',
    '| measurement | µs |',
    '| --- | ---: |',
    ...rows.map(([label, us]) => `| ${label} | ${us < 1 ? us.toFixed(3) : us.toFixed(1)} |`),
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (values.write)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'decoy',
      `## Decoy tools microbenchmarks\n\n${markdown}`,
    );
}

await main();
