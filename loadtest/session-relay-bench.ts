/**
 * What metering a realtime WebSocket session costs: distillguard with `routes.websocket[].usage:
 * realtime` (the proxy relays the upstream's frames itself, reads each `response.done` and the
 * text deltas, and judges each turn the client asks for — signals, score, policy, detection's
 * observe and settle) against `usage: none` (http-proxy-3's raw pipe both ways), per answer of the
 * proxy's own CPU. 16 sessions in a closed loop each send a user item and a `response.create`
 * and wait for the `response.done`; the upstream answers each with 20 audio deltas (100 ms of
 * 24 kHz PCM16 each, 6.4 KB of base64), 20 transcript deltas and a `response.done` carrying the
 * transcript and its usage — ~135 KB an answer, audio-heavy as realtime answers are. Proxies run
 * one at a time on CPU 0 (taskset), the upstream on CPU 1; targets interleave over rounds, and
 * the ratio is the median of per-round ratios. No target is set: the numbers say what the
 * metering costs. `--write` records the "session-relay" section of RESULTS.md.
 *
 *   node loadtest/session-relay-bench.ts [--seconds 5] [--rounds 3] [--write]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../src/auth/api-key.ts';
import { acceptHandshake, readFrame } from '../src/mock-upstream/websocket-echo.ts';
import { encodeFrame } from '../src/upstream/websocket-frames.ts';
import { listenOnLoopback } from './listen.ts';
import { describeRun } from './machine.ts';
import { readCpuSeconds } from './proc-stats.ts';
import { pinnedChild } from './redis-children.ts';
import { writeSection } from './results-file.ts';
import { median } from './stats.ts';
import { startDistillguard } from './targets/distillguard.ts';

const HERE = import.meta.dirname;
const SESSIONS = 16;
const DELTAS = 20;
const TURN = [
  JSON.stringify({
    type: 'conversation.item.create',
    item: {
      type: 'message',
      role: 'user',
      content: [
        {
          type: 'input_text',
          text: 'Tell me about the history of the lighthouse on the northern cape, and why it was moved inland in the last century.',
        },
      ],
    },
  }),
  JSON.stringify({ type: 'response.create', response: { max_output_tokens: 600 } }),
];

/** One answer's server events, framed as the upstream sends them. */
function answerBytes(): Buffer {
  const audio = Buffer.alloc(4_800, 7).toString('base64');
  const events: object[] = [
    {
      type: 'response.created',
      event_id: 'evt_0',
      response: { id: 'resp_1', status: 'in_progress' },
    },
  ];
  const words: string[] = [];
  for (let i = 0; i < DELTAS; i++) {
    events.push({
      type: 'response.output_audio.delta',
      event_id: `evt_a${i}`,
      response_id: 'resp_1',
      item_id: 'item_1',
      output_index: 0,
      content_index: 0,
      delta: audio,
    });
    const word = `word${i} of the spoken answer, `;
    words.push(word);
    events.push({
      type: 'response.output_audio_transcript.delta',
      event_id: `evt_t${i}`,
      response_id: 'resp_1',
      item_id: 'item_1',
      output_index: 0,
      content_index: 0,
      delta: word,
    });
  }
  events.push({
    type: 'response.done',
    event_id: 'evt_done',
    response: {
      id: 'resp_1',
      object: 'realtime.response',
      status: 'completed',
      output: [
        {
          id: 'item_1',
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_audio', transcript: words.join('') }],
        },
      ],
      usage: { total_tokens: 1_400, input_tokens: 400, output_tokens: 1_000 },
    },
  });
  return Buffer.concat(events.map((event) => encodeFrame(0x1, Buffer.from(JSON.stringify(event)))));
}

/** Child: the upstream; answers each `response.create` (client frames are masked). */
async function runUpstream(): Promise<void> {
  const answer = answerBytes();
  const server = createServer();
  server.on('upgrade', (req, socket: Socket) => {
    if (!acceptHandshake(req, socket)) return;
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let frame = readFrame(pending); frame; frame = readFrame(pending)) {
        pending = pending.subarray(frame.length);
        if (frame.opcode === 0x8) return void socket.end(encodeFrame(0x8, frame.payload));
        if (frame.payload.includes('"response.create"')) socket.write(answer);
      }
    });
  });
  const running = await listenOnLoopback(server, () => Promise.resolve());
  process.stdout.write(`${running.url}\n`);
}

/** Child: distillguard with the realtime route metered or not. */
async function runProxy(upstream: string, key: string, usage: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dg-session-'));
  const running = await startDistillguard(upstream, key, dir, {
    overrides: { routes: { websocket: [{ path: '/v1/realtime', dialect: 'openai', usage }] } },
  });
  process.stdout.write(`${running.url}\n`);
  process.on('SIGTERM', () => {
    void running
      .close()
      .then(() => rm(dir, { recursive: true, force: true }).then(() => process.exit(0)));
  });
}

async function child(args: string[], cpu: string): Promise<{ proc: ChildProcess; url: string }> {
  const { proc, words } = await pinnedChild(import.meta.filename, args, cpu);
  return { proc, url: words[0] ?? '' };
}

/** Answers a second over `seconds`: SESSIONS sessions, each asking for one answer at a time. */
async function load(
  url: string,
  key: string,
  seconds: number,
): Promise<{ rate: number; errors: number }> {
  let answers = 0;
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const session = (): Promise<void> =>
    new Promise((resolve) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/realtime`, {
        headers: { authorization: `Bearer ${key}` },
      });
      const ask = (): void => {
        if (performance.now() >= until) return ws.close();
        for (const event of TURN) ws.send(event);
      };
      ws.addEventListener('open', ask);
      ws.addEventListener('message', (event) => {
        if (typeof event.data !== 'string' || !event.data.includes('"response.done"')) return;
        answers++;
        ask();
      });
      ws.addEventListener('error', () => errors++);
      ws.addEventListener('close', () => resolve());
    });
  const started = performance.now();
  await Promise.all(Array.from({ length: SESSIONS }, session));
  return { rate: answers / ((performance.now() - started) / 1000), errors };
}

type Variant = 'none' | 'realtime';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seconds: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
      write: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'upstream') return runUpstream();
  if (positionals[0] === 'proxy')
    return runProxy(positionals[1] ?? '', positionals[2] ?? '', positionals[3] ?? 'realtime');

  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  const key = generateApiKey();
  const upstream = await child(['upstream'], '1');
  const rates: Record<Variant | 'direct', number[]> = { direct: [], none: [], realtime: [] };
  /** Proxy CPU µs an answer. */
  const cpuUs: Record<Variant, number[]> = { none: [], realtime: [] };
  let errors = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      rates.direct.push((await load(upstream.url, key, seconds)).rate);
      for (const variant of round % 2 === 0
        ? (['none', 'realtime'] as const)
        : (['realtime', 'none'] as const)) {
        const proxy = await child(['proxy', upstream.url, key, variant], '0');
        try {
          await load(proxy.url, key, 3); // warm-up
          const pid = proxy.proc.pid ?? 0;
          const before = readCpuSeconds(pid) ?? 0;
          const measured = await load(proxy.url, key, seconds);
          const cpu = (readCpuSeconds(pid) ?? 0) - before;
          rates[variant].push(measured.rate);
          cpuUs[variant].push(measured.rate > 0 ? (cpu * 1e6) / (measured.rate * seconds) : 0);
          errors += measured.errors;
          process.stderr.write(
            `round ${round + 1}/${rounds} ${variant}: ${measured.rate.toFixed(0)} answers/s, ${(cpuUs[variant].at(-1) ?? 0).toFixed(0)} µs CPU an answer\n`,
          );
        } finally {
          proxy.proc.kill('SIGTERM');
        }
      }
    }
  } finally {
    upstream.proc.kill('SIGTERM');
  }
  const ratio = median(cpuUs.realtime.map((metered, i) => metered / (cpuUs.none[i] ?? 1)));
  const rounded = (list: number[]): string => list.map((v) => v.toFixed(0)).join(' / ');
  const context = describeRun(join(HERE, '..'), true);
  const markdown = [
    `${context.date} · commit \`${context.commit}\` · ${context.cpuModel} × ${context.cores} · Node ${process.versions.node} · load average ${context.loadAverage.toFixed(2)} at start. \`node loadtest/session-relay-bench.ts --write\`: ${SESSIONS} realtime sessions in a closed loop, each sending a user item and a \`response.create\` and waiting for the \`response.done\`; the upstream answers with ${DELTAS} audio deltas (6.4 KB of base64 each), ${DELTAS} transcript deltas and a \`response.done\` (~135 KB an answer); ${seconds} s per target after a 3 s warm-up, ${rounds} interleaved rounds; proxy on CPU 0, upstream on CPU 1. No rules or limits: the meter reads every answer and judges every turn, nothing is refused.`,
    '',
    '| target | answers/s (median) | rounds | proxy CPU µs an answer (median) | rounds |',
    '| --- | ---: | --- | ---: | --- |',
    `| upstream directly | ${median(rates.direct).toFixed(0)} | ${rounded(rates.direct)} | – | – |`,
    `| distillguard, \`usage: none\` (raw pipe) | ${median(rates.none).toFixed(0)} | ${rounded(rates.none)} | ${median(cpuUs.none).toFixed(0)} | ${rounded(cpuUs.none)} |`,
    `| distillguard, \`usage: realtime\` (metered, turns judged) | ${median(rates.realtime).toFixed(0)} | ${rounded(rates.realtime)} | ${median(cpuUs.realtime).toFixed(0)} | ${rounded(cpuUs.realtime)} |`,
    '',
    `Metered ÷ raw, proxy CPU an answer (median of per-round ratios): **${ratio.toFixed(3)}**. Errors: ${errors}.`,
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  if (values.write)
    await writeSection(
      join(HERE, 'RESULTS.md'),
      'session-relay',
      `## Realtime sessions: metered relay against the raw pipe\n\n${markdown}`,
    );
  if (errors > 0) process.exitCode = 1;
}

await main();
