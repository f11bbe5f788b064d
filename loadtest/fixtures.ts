/**
 * The payloads every load-test scenario sends and the upstream answers with, built once at import
 * so no process spends per-request time building them: an OpenAI chat request of ~2 KB (streaming
 * and non-streaming variants), a ~1 KB chat.completion answer with a realistic `usage` object, and
 * the 20 SSE events (~50 B each) of a streamed answer ending with a usage chunk and `[DONE]`.
 */

export const CHAT_PATH = '/v1/chat/completions';

/** The request body size the scenarios target (issue 2: "a 2 KB JSON body"). */
const REQUEST_BYTES = 2048;
/** The non-streaming answer size (BASELINE: "~1 KB JSON answer"). */
const ANSWER_BYTES = 1024;

const FILLER =
  'The quarterly report shows revenue growth in every region, led by the northern markets, ' +
  'while operating costs stayed flat and the hiring plan for the next two quarters is on track. ';

/** Repeats FILLER and cuts it so that `build(text)` serialises to exactly `bytes` bytes. */
function padTo(bytes: number, build: (text: string) => string): string {
  const base = build('').length;
  const need = Math.max(0, bytes - base);
  return build(FILLER.repeat(Math.ceil(need / FILLER.length) + 1).slice(0, need));
}

function chatRequest(stream: boolean): Buffer {
  const json = padTo(REQUEST_BYTES, (text) =>
    JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a concise analyst. Answer in at most five bullets.' },
        { role: 'user', content: 'Summarise the attached quarterly report for the board.' },
        { role: 'assistant', content: 'Please paste the report text and I will summarise it.' },
        { role: 'user', content: text },
      ],
      max_tokens: 512,
      temperature: 0.2,
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    }),
  );
  return Buffer.from(json);
}

export const REQUEST_BODY = chatRequest(false);
export const STREAM_REQUEST_BODY = chatRequest(true);

/** What the upstream looks for to pick SSE: a byte search, not a JSON.parse (keeps it cheap). */
export const STREAM_MARKER = Buffer.from('"stream":true');

const USAGE = {
  prompt_tokens: 431,
  completion_tokens: 176,
  total_tokens: 607,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

export const ANSWER_BODY = Buffer.from(
  padTo(ANSWER_BYTES, (text) =>
    JSON.stringify({
      id: 'chatcmpl-loadtest000000000000000001',
      object: 'chat.completion',
      created: 1_763_769_600,
      model: 'gpt-4o-mini-2024-07-18',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: text, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: USAGE,
      service_tier: 'default',
      system_fingerprint: 'fp_loadtest',
    }),
  ),
);

/** Events in one streamed answer, including the usage chunk and `[DONE]`. */
export const SSE_EVENT_COUNT = 20;
/** Delay between two upstream events (ms). */
export const SSE_EVENT_INTERVAL_MS = 10;

function sseEvents(): Buffer[] {
  const events: string[] = [];
  for (let i = 0; i < SSE_EVENT_COUNT - 2; i++) {
    const word = `tok${String(i).padStart(2, '0')} `;
    events.push(`data: {"choices":[{"index":0,"delta":{"content":"${word}"}}]}\n\n`);
  }
  events.push(
    `data: {"choices":[],"usage":{"prompt_tokens":431,"completion_tokens":${SSE_EVENT_COUNT - 2},"total_tokens":${431 + SSE_EVENT_COUNT - 2}}}\n\n`,
  );
  events.push('data: [DONE]\n\n');
  return events.map((event) => Buffer.from(event));
}

export const SSE_EVENTS: readonly Buffer[] = sseEvents();

/** The headers every scenario sends (the same to every target, so the bytes on the wire match). */
export function clientHeaders(clientKey: string): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${clientKey}` };
}

/** The same headers as undici's flat [name, value, …] list (its cheapest form; it adds the length). */
export function clientHeaderList(clientKey: string): string[] {
  return Object.entries(clientHeaders(clientKey)).flat();
}
