import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import type { Dialect } from '../../../src/dialects/dialect.ts';
import { openai } from '../../../src/dialects/openai.ts';
import {
  asksForCode,
  asksForGrading,
  elicitsReasoning,
  gradingLevel,
} from '../../../src/signals/phrases.ts';
import { CAP } from '../../../src/signals/collect-body.ts';
import {
  HARVEST,
  NO_SIGNALS,
  readRequestSignals,
  type RequestSignals,
} from '../../../src/signals/request-signals.ts';
import { clientFingerprint } from '../../../src/signals/client-fingerprint.ts';
import { scannedPart } from '../../../src/signals/standing-asks.ts';
import { FRAME_TOKENS, newTextShape, readTextShape } from '../../../src/signals/text-shape.ts';
import { TRIGGER } from '../../../src/signals/trigger-words.ts';

const settings = compileDetection(
  detectionSchema.parse({ models: [{ name: 'm-big', max_output_tokens: 8000 }] }),
);

const HEADERS = ['Host', 'x', 'User-Agent', 'my-sdk/1.2.3', 'Content-Type', 'application/json'];

interface Extra {
  rawHeaders?: readonly string[];
  ipPrefix?: string;
}

/** Signals of a body, with model / max_tokens / n read by the route's real dialect. */
function signalsOf(
  dialect: Dialect,
  routeId: string,
  body: Record<string, unknown>,
  extra: Extra = {},
): RequestSignals {
  const request = dialect.readRequest(routeId, body);
  return readRequestSignals(
    {
      dialect: dialect.name,
      routeId,
      body,
      rawHeaders: extra.rawHeaders ?? HEADERS,
      ipPrefix: extra.ipPrefix ?? '203.0.113.0/24',
      model: request.model,
      maxTokens: request.maxTokens,
      choices: request.choices,
    },
    settings,
  );
}

const messages = (body: Record<string, unknown>, extra?: Extra): RequestSignals =>
  signalsOf(anthropic, 'anthropic.messages', body, extra);
const chat = (body: Record<string, unknown>, extra?: Extra): RequestSignals =>
  signalsOf(openai, 'openai.chat_completions', body, extra);
const responses = (body: Record<string, unknown>, extra?: Extra): RequestSignals =>
  signalsOf(openai, 'openai.responses', body, extra);

const userTurn = (text: string): Record<string, unknown> => ({
  model: 'm-big',
  max_tokens: 100,
  messages: [{ role: 'user', content: text }],
});
const turnOf = (text: string): RequestSignals => messages(userTurn(text));

const LONG =
  'Please summarise the following customer review for our product team and list the main complaints in order of severity';

describe('readRequestSignals: Anthropic Messages', () => {
  it('reads a plain turn: no capabilities, no harvest, fingerprints present', () => {
    const s = turnOf(LONG);
    expect(s.capabilities).toBe(0);
    expect(s.harvest).toBe(0);
    expect(s.elicitation).toBe(0);
    expect(s.grading).toBe(0);
    expect(s.continuation).toBe(false);
    expect(s.system).toBe(0);
    expect(s.tools).toBe(0);
    expect(s.toolCount).toBe(0);
    expect(s.skeleton).not.toBe(0);
    expect(s.head).not.toBe(0);
    expect(s.tail).not.toBe(0);
    expect(s.bands.length).toBeGreaterThan(0);
    expect(s.exact).not.toBe(0);
    expect(s.endUser).toBe(0);
    expect(s.ipPrefix).not.toBe(0);
    expect(s.tokens).toBe(LONG.split(' ').length);
  });

  it('hashes a system prompt given as a string or as text blocks alike', () => {
    const a = messages({ ...userTurn(LONG), system: 'You are a helpful assistant.' });
    const b = messages({
      ...userTurn(LONG),
      system: [{ type: 'text', text: 'You are a helpful assistant.' }],
    });
    const c = messages({ ...userTurn(LONG), system: 'You are a pirate.' });
    expect(a.system).not.toBe(0);
    expect(a.system).toBe(b.system);
    expect(a.system).not.toBe(c.system);
  });

  it('tags tools, agentic, reasoning, vision and computer use', () => {
    const s = messages({
      model: 'm-big',
      max_tokens: 1000,
      tools: [
        { name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } },
        { type: 'computer_20250124', name: 'computer', display_width_px: 1024 },
      ],
      thinking: { type: 'enabled', budget_tokens: 100 },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'hmm', signature: 'x' },
            { type: 'tool_use', id: 't1', name: 'get_weather', input: {} },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'sunny' }] },
      ],
    });
    expect(s.capabilities & CAP.tools).toBe(CAP.tools);
    expect(s.capabilities & CAP.agentic).toBe(CAP.agentic);
    expect(s.capabilities & CAP.reasoning).toBe(CAP.reasoning);
    expect(s.capabilities & CAP.vision).toBe(CAP.vision);
    expect(s.capabilities & CAP.computer).toBe(CAP.computer);
    expect(s.toolCount).toBe(2);
    expect(s.tools).not.toBe(0);
    // The last message is a tool result: a continuation of the tool loop.
    expect(s.continuation).toBe(true);
  });

  it('is not a continuation when the last message is a new user turn', () => {
    const s = messages({
      model: 'm-big',
      max_tokens: 10,
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'Now do something else entirely please' },
      ],
    });
    expect(s.continuation).toBe(false);
    expect(s.capabilities & CAP.agentic).toBe(CAP.agentic);
  });

  it('tags coding from the turn', () => {
    expect(
      turnOf('Write a Python function that reverses a linked list').capabilities & CAP.coding,
    ).toBe(CAP.coding);
    expect(
      turnOf('Here:\n```\nconst x = 1;\n```\nwhat does it print').capabilities & CAP.coding,
    ).toBe(CAP.coding);
  });

  it('flags max_tokens at >= 0.9x the model maximum as harvesting', () => {
    expect(messages({ ...userTurn(LONG), max_tokens: 8000 }).harvest & HARVEST.maxTokens).toBe(1);
    expect(messages({ ...userTurn(LONG), max_tokens: 7200 }).harvest & HARVEST.maxTokens).toBe(1);
    expect(messages({ ...userTurn(LONG), max_tokens: 7199 }).harvest & HARVEST.maxTokens).toBe(0);
    // Unknown model: no cap to compare against.
    expect(
      messages({ ...userTurn(LONG), model: 'other', max_tokens: 8000 }).harvest & HARVEST.maxTokens,
    ).toBe(0);
  });

  it('counts a maximal thinking budget as elicitation', () => {
    expect(
      messages({
        ...userTurn(LONG),
        max_tokens: 8000,
        thinking: { type: 'enabled', budget_tokens: 7000 },
      }).elicitation,
    ).toBe(1);
    expect(
      messages({
        ...userTurn(LONG),
        max_tokens: 64000,
        thinking: { type: 'enabled', budget_tokens: 32000 },
      }).elicitation,
    ).toBe(1);
    expect(
      messages({
        ...userTurn(LONG),
        max_tokens: 8000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
      }).elicitation,
    ).toBe(0);
  });

  it('hashes metadata.user_id as the end user', () => {
    expect(messages({ ...userTurn(LONG), metadata: { user_id: 'u-1' } }).endUser).not.toBe(0);
    expect(messages({ ...userTurn(LONG), metadata: { user_id: 'u-1' } }).endUser).not.toBe(
      messages({ ...userTurn(LONG), metadata: { user_id: 'u-2' } }).endUser,
    );
    expect(messages({ ...userTurn(LONG), metadata: {} }).endUser).toBe(0);
  });
});

describe('readRequestSignals: OpenAI', () => {
  it('reads chat system/developer messages, function tools, n and user', () => {
    const s = chat({
      model: 'm-big',
      max_tokens: 8000,
      n: 4,
      user: 'end-user-7',
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            description: 'Look up',
            parameters: { type: 'object', properties: { q: {} } },
          },
        },
      ],
      messages: [
        { role: 'developer', content: 'You are terse.' },
        { role: 'user', content: LONG },
      ],
    });
    expect(s.system).not.toBe(0);
    expect(s.capabilities & CAP.tools).toBe(CAP.tools);
    expect(s.toolCount).toBe(1);
    expect(s.harvest).toBe(HARVEST.maxTokens | HARVEST.multiChoice);
    expect(s.endUser).not.toBe(0);
    const system = chat({
      model: 'm-big',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: LONG },
      ],
    });
    expect(system.system).toBe(s.system);
    expect(system.harvest).toBe(0);
    expect(system.endUser).toBe(0);
  });

  it('marks role tool as last message a continuation, and tool calls as agentic', () => {
    const s = chat({
      model: 'm-big',
      messages: [
        { role: 'user', content: LONG },
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: 'result' },
      ],
    });
    expect(s.continuation).toBe(true);
    expect(s.capabilities & CAP.agentic).toBe(CAP.agentic);
    // The turn is still the user's task, so its fingerprint matches the plain turn's.
    expect(s.skeleton).toBe(
      chat({ model: 'm-big', messages: [{ role: 'user', content: LONG }] }).skeleton,
    );
  });

  it('reads image_url parts and reasoning_effort', () => {
    const s = chat({
      model: 'm-big',
      reasoning_effort: 'high',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
    });
    expect(s.capabilities & CAP.vision).toBe(CAP.vision);
    expect(s.capabilities & CAP.reasoning).toBe(CAP.reasoning);
    expect(s.elicitation).toBe(1);
  });

  it('reads Responses input (string or items) and instructions', () => {
    const a = responses({
      model: 'm-big',
      instructions: 'Be brief.',
      input: LONG,
      max_output_tokens: 8000,
    });
    const b = responses({
      model: 'm-big',
      instructions: 'Be brief.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: LONG }] }],
    });
    expect(a.system).not.toBe(0);
    expect(a.system).toBe(b.system);
    expect(a.skeleton).toBe(b.skeleton);
    expect(a.exact).toBe(b.exact);
    expect(a.harvest & HARVEST.maxTokens).toBe(1);
    const tool = responses({
      model: 'm-big',
      input: [
        { role: 'user', content: LONG },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c', output: 'x' },
      ],
    });
    expect(tool.continuation).toBe(true);
    expect(tool.capabilities & CAP.agentic).toBe(CAP.agentic);
  });

  it('the same turn gives the same content fingerprints in both dialects', () => {
    const a = turnOf(LONG);
    const b = chat({ model: 'm-big', messages: [{ role: 'user', content: LONG }] });
    expect(b.skeleton).toBe(a.skeleton);
    expect(b.head).toBe(a.head);
    expect(b.tail).toBe(a.tail);
    expect(b.bands).toEqual(a.bands);
  });

  it('keys text fingerprints by reasoning on or off, in either dialect', () => {
    const textPrints = (s: RequestSignals): number[] => [
      s.skeleton,
      s.head,
      s.tail,
      s.frameHead,
      s.frameTail,
      ...s.bands,
    ];
    const plain = turnOf(LONG);
    const present = textPrints(plain).filter((print) => print !== 0);
    expect(present.length).toBeGreaterThanOrEqual(7);
    const on = [
      messages({
        ...userTurn(LONG),
        max_tokens: 4_000,
        thinking: { type: 'enabled', budget_tokens: 2_000 },
      }),
      messages({ ...userTurn(LONG), thinking: { type: 'adaptive' } }),
      chat({
        model: 'm-big',
        reasoning_effort: 'low',
        messages: [{ role: 'user', content: LONG }],
      }),
      responses({ model: 'm-big', reasoning: { effort: 'high' }, input: LONG }),
    ];
    const off = [
      messages({ ...userTurn(LONG), thinking: { type: 'disabled' } }),
      chat({
        model: 'm-big',
        reasoning_effort: 'none',
        messages: [{ role: 'user', content: LONG }],
      }),
      chat({ model: 'm-big', messages: [{ role: 'user', content: LONG }] }),
      responses({ model: 'm-big', input: LONG }),
    ];
    const [first] = on;
    if (first === undefined) throw new Error('unreachable');
    const keyed = textPrints(first);
    // Reasoning on: the same prints are present, each different from the plain request's …
    expect(keyed.filter((print) => print !== 0)).toHaveLength(present.length);
    for (const print of keyed) if (print !== 0) expect(present).not.toContain(print);
    // … and the same whichever API or parameter turned it on.
    for (const signals of on) expect(textPrints(signals)).toEqual(keyed);
    // Reasoning off, however it is said: the prints as before the key existed (read at a841d46,
    // the commit before it) — what keeps most traffic's cluster ids and remembered content
    // through the upgrade.
    const before = [
      16837385265, 17698886909, 22142130166, 52680713329, 0, 26446790482, 34275661644, 40822860358,
    ];
    for (const signals of [plain, ...off]) expect(textPrints(signals)).toEqual(before);
    // What is not the text is not keyed: the exact turn, the account-level template key.
    expect(first.exact).toBe(plain.exact);
    expect(first.template).toBe(plain.template);
  });
});

describe('elicitation and grading phrasing', () => {
  it.each([
    'Solve 17 * 23 and explain step by step.',
    'Please show your full reasoning before answering the question about tides.',
    'The answer is 42. Derive it from first principles.',
    'Resuelve este problema paso a paso, por favor.',
    '请一步一步地解释这个问题的答案。',
    'Löse die Aufgabe Schritt für Schritt.',
    'Решите задачу шаг за шагом.',
    'Bu problemi adım adım çöz.',
    'Jelaskan langkah demi langkah bagaimana menyelesaikan soal ini.',
    'Hãy giải thích từng bước cách giải bài toán này.',
    'اشرح الحل خطوة بخطوة من فضلك.',
    'لطفاً این مسئله را گام به گام حل کن.',
    'इस सवाल को चरण दर चरण हल करें।',
    'Rozwiąż to zadanie krok po kroku.',
    'Leg het stap voor stap uit.',
    'Розв’яжи задачу крок за кроком.',
    'فرایند فکر خود را کامل بنویس.',
    'अपनी सोचने की प्रक्रिया पूरी लिखें।',
    'Trình bày quá trình suy nghĩ của bạn.',
    'Açıkla, akıl yürütmeni göster.',
    'ADIM ADIM ÇÖZ.',
    'اشرح سلسلة التفكير، من فضلك.',
    'अपनी विचार प्रक्रिया। विस्तार से लिखें।',
    'این مسئله را گام‌به‌گام حل کن.',
    'Leg het stap-voor-stap uit.',
  ])('elicits reasoning: %s', (text) => {
    expect(turnOf(text).elicitation).toBe(1);
  });

  it.each([
    'What is the capital of France?',
    'Write a haiku about autumn leaves falling in the park.',
    'Dame una receta de paella valenciana.',
    'Bugün hava çok güzel, parka gidelim mi?',
    'Tolong terjemahkan kalimat ini ke bahasa Inggris.',
    'Thời tiết hôm nay thế nào?',
    'ما هي عاصمة فرنسا؟',
    'इस हफ़्ते मौसम कैसा रहेगा?',
    'من فکر می‌کنم فردا باران می‌آید.',
    'मेरे विचार से यह फ़िल्म अच्छी है।',
    // The bare nouns for reasoning and inference: an essay's argument, a model's inference.
    'Mô hình suy luận nhanh hơn trên GPU.',
    'Viết bài văn lập luận về môi trường.',
    'ما هو الاستدلال في نماذج اللغة؟',
    'Penalaran model ini lambat di server kami.',
    'De redenering van de rechter was helder.',
  ])('does not elicit: %s', (text) => {
    expect(turnOf(text).elicitation).toBe(0);
  });

  // What a reasoning harvest asks for in other words than "step by step"; and what only names
  // the idea (a how-to's steps, a question about chain of thought) asks for nothing.
  it.each([
    ['Compute 37 * 41. Show all of your working.', 1],
    ['Lay out your full derivation of the quadratic formula.', 1],
    ['Prove it, and justify each step.', 1],
    ['Provide a detailed rationale for each design decision.', 1],
    ['Give a complete worked solution to this integral.', 1],
    ["Don't just give me the answer, show me how you got it.", 1],
    ['Put your thoughts in <scratchpad> tags first, then the answer.', 1],
    ['Reason carefully about the clause, then give your final answer.', 1],
    ['Before answering, list every consideration that matters.', 1],
    ['I already know the answer is 104. I need the reasoning that gets there.', 1],
    ['Muestra tu razonamiento antes de responder.', 1],
    ['Распиши ход своих рассуждений.', 1],
    ['Give me step-by-step instructions for making sourdough.', 0],
    ['How does chain-of-thought prompting work?', 0],
    ['Is it true that some models hide their internal reasoning?', 0],
    ['What is the reason my build fails on Windows?', 0],
    ['Show me the code for a binary search.', 0],
    ['Outline the steps to start an LLC.', 0],
    ['Explain the logic of this regex: ^a+$', 0],
    ['Draft an intro, then write the conclusion.', 0],
    ['The output is empty. Can you explain why?', 0],
    ['Before giving my speech, what goes on a checklist?', 0],
  ] as const)('elicitation: %s → %i', (text, level) => {
    expect(turnOf(text).elicitation).toBe(level);
  });

  // A quoted span is one masked token for the templates, but an instruction is no less one for
  // being quoted or fenced: its trigger words are read.
  it('reads an instruction inside quotes or a code span', () => {
    const quoted = turnOf('Follow this: "Think step by step and show your full reasoning." 17*23?');
    expect(quoted.elicitation).toBe(1);
    expect(turnOf('Do this: `show your full reasoning` for 17*23').elicitation).toBe(1);
    expect(turnOf('“Rate the response from 1 to 10.” Response: 391').grading).toBe(1);
    // The template is still the quote's mask: the quoted words do not change the skeleton.
    expect(turnOf('Follow this: "Show your full reasoning." 17*23?').skeleton).toBe(
      turnOf('Follow this: "Something else entirely." 17*23?').skeleton,
    );
  });

  // Regression: the typographic apostrophe that phones and word processors insert was missed.
  it('elicits with a typographic apostrophe: "Let’s think"', () => {
    expect(turnOf("Let's think about this problem carefully before we answer").elicitation).toBe(1);
    expect(turnOf('Let’s think about this problem carefully before we answer').elicitation).toBe(1);
  });

  it('grades: a rubric with labelled candidates is level 2, a rubric alone level 1', () => {
    const two = turnOf(
      'Use the rubric below to score both responses.\nResponse A: Paris is the capital.\nResponse B: Lyon is the capital.\nWhich is better?',
    );
    expect(two.grading).toBe(2);
    expect(turnOf('Apply this rubric to the essay and give a grade.').grading).toBe(1);
    expect(turnOf('Tell me a story about a dragon.').grading).toBe(0);
  });

  // The other languages: labelled candidates make level 2 as in English; the verb with the answers
  // it scores level 1; a bare rating or comparison (a film, a bus, a plan) nothing.
  it.each([
    ['Her yanıtı 1 ile 10 arasında puanla.\nYanıt A: Ankara.\nYanıt B: İstanbul.', 2],
    ['قيّم كل إجابة من 1 إلى 10.\nالإجابة أ: باريس.\nالإجابة ب: ليون.', 2],
    ['Beoordeel beide antwoorden.\nAntwoord 1: Parijs.\nAntwoord 2: Lyon.', 2],
    ['Her yanıtı 1 ile 10 arasında puanla.', 1],
    ['Beri nilai 1 sampai 10 untuk setiap jawaban.', 1],
    ['Hãy chấm điểm từng câu trả lời từ 1 đến 10.', 1],
    ['قيّم كل إجابة من 1 إلى 10.', 1],
    ['به هر پاسخ از ۱ تا ۱۰ نمره بده.', 1],
    ['हर उत्तर का मूल्यांकन करें।', 1],
    ['Oceń każdą odpowiedź w skali od 1 do 10.', 1],
    ['İki cevabı da değerlendirin.', 1],
    ['Beoordeel beide antwoorden.', 1],
    ['Оцініть кожну відповідь.', 1],
    ['Hangi otobüs merkeze gider?', 0],
    ['Mana yang lebih murah, kereta atau bus?', 0],
    ['Quán nào ngon nhất ở đây?', 0],
    ['أي طريق أفضل إلى المطار؟', 0],
    ['Welke trein is beter voor Utrecht?', 0],
    ['Oceń ten film.', 0],
    ['Bu filmi puanla.', 0],
    ['इस योजना का मूल्यांकन करें।', 0],
    ['उत्तर प्रदेश की योजना का मूल्यांकन करें।', 0],
    ['Oceń odpowiedzialność firmy.', 0],
    ['Оціни відповідність вимогам.', 0],
    ['Hãy chấm điểm bài thi này.', 0],
  ] as const)('grades %s as level %i', (text, level) => {
    expect(turnOf(text).grading).toBe(level);
  });

  // LLM-as-judge and reward-model prompts grade one output at a time as often as several; the
  // judging verb needs an output to judge, so an integral to evaluate or a rubric to write is none.
  it.each([
    [
      "Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants. Output your final verdict: \"[[A]]\" if assistant A is better.\n[The Start of Assistant A's Answer]\n4\n[The End of Assistant A's Answer]\n[The Start of Assistant B's Answer]\n5\n[The End of Assistant B's Answer]",
      2,
    ],
    ['Your task is to rate the summary on one metric. Coherence (1-5).\nSummary: Council met.', 1],
    ['Grade this response for factual accuracy, from 1 to 5.\nResponse: The wall is visible.', 1],
    ["Judge whether the model's answer is correct.\nModel answer: Marlowe.", 1],
    ['Rate the helpfulness of the text on a 1 to 5 scale.\nText: Roses are red.', 1],
    ['Does it answer the question? Give a rating of 1-5.\nResponse: 384,400 km.', 1],
    ['You are a strict grader. Compare the student solution with the reference.', 1],
    ["Determine if the candidate matches the gold label. Reply 'correct' or 'incorrect'.", 1],
    ['Which of these two completions is more helpful?\nA) Sure.\nB) No.', 1],
    ['Is the following answer correct? Answer yes or no.\nAnswer: 90 degrees.', 1],
    ['Évaluez la qualité de la réponse ci-dessous sur une échelle de 1 à 5.', 1],
    ['Evaluate the following integral: the integral of x^2 from 0 to 3.', 0],
    ['Help me write a rubric for my 7th grade science fair projects.', 0],
    ['Rate my haiku from 1 to 10: autumn moonlight', 0],
    ['Is my answer correct? 12 * 12 = 144', 0],
    ['Which answer is correct for 3x + 2 = 11? I got x = 3.', 0],
    ['Compare the following two cities for a family move: Denver and Austin.', 0],
    ['Write a function that ranks search results by relevance score.', 0],
    ['What was the score of the Lakers game last night?', 0],
    ['What was the final verdict in the trial?', 0],
    ['Which solution is best for hashing passwords, bcrypt or argon2?', 0],
    ['Give a rating from 1 to 10 for the movie Inception.', 0],
    ['Here is my business plan, rate it from 1 to 10.', 0],
    ['Grade 6-8 lesson plan on fractions', 0],
    ["My travel agent's reply was rude, how do I complain?", 0],
    ['Using the following criteria, recommend a laptop.', 0],
    ['Wie bewertet man eine Immobilie?', 0],
  ] as const)('grades a judge prompt: %s → %i', (text, level) => {
    expect(turnOf(text).grading).toBe(level);
  });

  // The extractor tries the grading patterns only where the tokenizer saw a grading trigger word;
  // every pattern's match starts at one, so that finds what a search of the whole text finds.
  it.each([
    ['Please act as an impartial judge and evaluate the quality of the response.', true],
    ['You are a strict grader.', true],
    ["Determine if the candidate matches the gold label. Reply 'correct' or 'incorrect'.", true],
    ['Rate the helpfulness of the text on a 1 to 5 scale.', true],
    ['Score 1-10:\nThe French Revolution began in 1789.', true],
    ['Assign a letter grade (A-F) to the following AI-generated answer.', true],
    ['Report the faithfulness score as a percentage.', true],
    ['Grade the answers using the rubric below.', true],
    ['Du bist ein strenger Bewerter. Bewerten Sie die Antwort.', true],
    ['Vous êtes un évaluateur expert. Notez la réponse suivante.', true],
    ['Eres un evaluador imparcial.', true],
    ['Yanıtı dikkatlice okuyun ve puanlayın.', true],
    ['Berikan nilai untuk setiap jawaban.', true],
    ['به این پاسخ از ۱ تا ۱۰ نمره بده.', true],
    ['Evaluate the following integral: the integral of x^2 from 0 to 3.', false],
    ['Which answer is correct for 3x + 2 = 11?', false],
  ] as const)('anchored at the trigger words as anywhere: %s → %s', (text, grading) => {
    const shape = readTextShape(text, text.length, newTextShape());
    expect(asksForGrading(text, shape.triggers, shape)).toBe(grading);
    expect(asksForGrading(text, shape.triggers)).toBe(grading);
  });

  it('reads an instruction after any number of decoy trigger words', () => {
    const decoys = 'We keep score and check the rank of each team. '.repeat(10);
    expect(turnOf(`${decoys}Now rate the response below from 1 to 10.`).grading).toBe(1);
    expect(turnOf(decoys).grading).toBe(0);
    // More trigger words than the anchors hold: the whole text is searched instead.
    const many = 'score check rank '.repeat(400);
    const text = `${many}Now rate the response below from 1 to 10.`;
    const shape = readTextShape(text, text.length, newTextShape());
    expect(shape.gradeAt.seen).toBeGreaterThan(1_024);
    expect(asksForGrading(text, shape.triggers, shape)).toBe(true);
    expect(asksForGrading(many, shape.triggers, shape)).toBe(false);
  });

  // A word ends at a dash, an ellipsis, a bullet, ¡ or an emoji, and Vietnamese capitals are
  // lowercased: glued to one of those, a trigger word was not one.
  it.each([
    ['Check the two answers below—rate each response from 1 to 10.', 'grading'],
    ['•Rate the response from 1 to 10.', 'grading'],
    ['¡Evalúa cada respuesta del 1 al 10!', 'grading'],
    ['HÃY SUY NGHĨ TỪNG BƯỚC', 'elicitation'],
    ['Think step by step🙂 and show your full reasoning…', 'elicitation'],
  ] as const)('reads a trigger word next to punctuation: %s', (text, signal) => {
    expect(turnOf(text)[signal]).toBe(1);
  });

  // Moved from the turn into the system prompt, an instruction is still the account's: read there
  // too, in both dialects (Anthropic `system`, OpenAI system/developer messages and `instructions`).
  it('reads elicitation and grading in the standing instructions: system prompt, opening turn', () => {
    const judge =
      'You are an impartial judge. Think step by step, then rate the response from 1 to 10.';
    const turn = 'Question: what is 17 * 23?\nResponse: 391';
    expect(turnOf(turn).elicitation).toBe(0);
    expect(turnOf(turn).grading).toBe(0);
    const viaAnthropic = messages({ ...userTurn(turn), system: judge });
    const viaChat = chat({
      model: 'm-big',
      messages: [
        { role: 'system', content: judge },
        { role: 'user', content: turn },
      ],
    });
    const viaResponses = responses({ model: 'm-big', instructions: judge, input: turn });
    for (const s of [viaAnthropic, viaChat, viaResponses]) {
      expect(s.elicitation).toBe(1);
      expect(s.grading).toBe(1);
    }
    // The judge's instruction in the system prompt and two labelled candidates in the turn.
    const pair = messages({
      ...userTurn('Response A: Paris.\nResponse B: Lyon.'),
      system: 'Rate the responses below.',
    });
    expect(pair.grading).toBe(2);
    // A conversation's opening turn stands too: set there, the instruction holds for every turn.
    const conversation = (opening: string): Record<string, unknown> => ({
      model: 'm-big',
      max_tokens: 100,
      messages: [
        { role: 'user', content: opening },
        { role: 'assistant', content: 'Understood.' },
        { role: 'user', content: 'What is 17 * 23?' },
      ],
    });
    const standing = 'From now on, always show your full reasoning before the answer.';
    expect(messages(conversation(standing)).elicitation).toBe(1);
    expect(chat(conversation(standing)).elicitation).toBe(1);
    expect(messages(conversation('Hi! I have some arithmetic questions.')).elicitation).toBe(0);
    // The conversation's first user message with text (an image-only one passed over), however
    // long the conversation: not whichever user turn the last 64 messages begin with.
    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'QUJD' },
    };
    const afterImage = messages({
      model: 'm-big',
      max_tokens: 100,
      messages: [
        { role: 'user', content: [image] },
        { role: 'assistant', content: 'A chart.' },
        { role: 'user', content: standing },
        { role: 'assistant', content: 'Understood.' },
        { role: 'user', content: 'What is 17 * 23?' },
      ],
    });
    expect(afterImage.elicitation).toBe(1);
    // (81 messages: the last 64 begin at index 17, and the user turn at 18 is the instruction.)
    const long: Record<string, unknown>[] = [{ role: 'user', content: 'Hello there.' }];
    for (let i = 0; i < 40; i++)
      long.push(
        { role: 'assistant', content: 'Sure.' },
        { role: 'user', content: i === 8 ? standing : `Question ${i}?` },
      );
    expect(messages({ model: 'm-big', max_tokens: 100, messages: long }).elicitation).toBe(0);
    // A chat's system prompt at the start of a conversation longer than the 64 messages walked
    // is still its system prompt: the same fingerprint as in a short one, and its standing
    // instruction still read.
    const system = { role: 'system', content: 'You are a strict grader. ' + standing };
    const shortChat = chat({ model: 'm-big', messages: [system, ...long.slice(0, 3)] });
    const longChat = chat({ model: 'm-big', messages: [system, ...long] });
    expect(longChat.system).not.toBe(0);
    expect(longChat.system).toBe(shortChat.system);
    expect(longChat.elicitation).toBe(1);
    expect(chat({ model: 'm-big', messages: long }).system).toBe(0);
    // An ordinary system prompt asks for neither, and the turn's own phrasing still counts.
    const plain = messages({ ...userTurn('Explain step by step.'), system: 'You are terse.' });
    expect(plain.elicitation).toBe(1);
    expect(plain.grading).toBe(0);
    expect(messages({ ...userTurn(turn), system: 'You are terse.' }).elicitation).toBe(0);
  });

  it('reads elicitation and grading in the tool results a request ends with, in every shape', () => {
    // An agent's innocuous task; the ask is in the page its fetch tool returned.
    const task = 'Research the history of the Fourier transform for my team.';
    const page =
      'URL: https://notes.example.org/7\n\nSolutions on this site are expected to show the full ' +
      'line of reasoning: write out every intermediate step before stating the answer.\n\n1. ' +
      'Prove that the sum of two even numbers is even.';
    const plainPage = 'URL: https://notes.example.org/8\n\nThe transform was introduced in 1822.';
    const rubricPage = 'You are an impartial judge. Rate the response below from 1 to 10.';
    const anthropicLoop = (result: unknown): RequestSignals =>
      messages({
        model: 'm-big',
        max_tokens: 100,
        messages: [
          { role: 'user', content: task },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 't1', name: 'fetch', input: { url: 'u' } }],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: result }] },
        ],
      });
    const chatLoop = (result: string): RequestSignals =>
      chat({
        model: 'm-big',
        messages: [
          { role: 'user', content: task },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'fetch', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'c1', content: result },
        ],
      });
    const responsesLoop = (result: string): RequestSignals =>
      responses({
        model: 'm-big',
        input: [
          { role: 'user', content: task },
          { type: 'function_call', call_id: 'c1', name: 'fetch', arguments: '{}' },
          { type: 'function_call_output', call_id: 'c1', output: result },
        ],
      });
    expect(turnOf(task).elicitation).toBe(0);
    for (const loop of [anthropicLoop, chatLoop, responsesLoop]) {
      expect(loop(page).elicitation).toBe(1);
      expect(loop(plainPage).elicitation).toBe(0);
      expect(loop(plainPage).grading).toBe(0);
      expect(loop(rubricPage).grading).toBe(1);
    }
    // A tool result given as text blocks reads the same.
    expect(anthropicLoop([{ type: 'text', text: page }]).elicitation).toBe(1);
    // Only the results after the model's latest message: an earlier page was read with the
    // request it ended, and the model has answered since.
    const earlier = messages({
      model: 'm-big',
      max_tokens: 100,
      messages: [
        { role: 'user', content: task },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'fetch', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: page }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't2', name: 'fetch', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't2', content: plainPage }] },
      ],
    });
    expect(earlier.elicitation).toBe(0);
    // The patterns only, as for the standing instructions: a how-to's "walks through each step"
    // is no ask (the elicitation model reads it as one).
    expect(
      anthropicLoop('The installation guide walks through each step: download, unpack, run.')
        .elicitation,
    ).toBe(0);
  });

  it('reads elicitation in a prefill: the assistant message a conversation ends with', () => {
    const question = 'What is 17 * 23?';
    const prefilled = (prefill: unknown): Record<string, unknown> => ({
      model: 'm-big',
      max_tokens: 100,
      messages: [
        { role: 'user', content: question },
        { role: 'assistant', content: prefill },
      ],
    });
    expect(turnOf(question).elicitation).toBe(0);
    expect(messages(prefilled("Let's think step by step. First,")).elicitation).toBe(1);
    expect(messages(prefilled([{ type: 'text', text: '<thinking>' }])).elicitation).toBe(1);
    expect(chat(prefilled("Let's think step by step.")).elicitation).toBe(1);
    expect(messages(prefilled('The answer is')).elicitation).toBe(0);
    // An earlier assistant message is an answer, not a prefill.
    const answered = messages({
      model: 'm-big',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: "Let's think step by step." },
        { role: 'user', content: question },
      ],
    });
    expect(answered.elicitation).toBe(0);
  });

  it('phrase helpers short-circuit on missing triggers', () => {
    expect(elicitsReasoning('step by step', 0)).toBe(false);
    expect(elicitsReasoning('step by step', TRIGGER.elicit)).toBe(true);
    expect(gradingLevel('using the rubric', 0)).toBe(0);
    expect(gradingLevel('using the rubric', TRIGGER.grade)).toBe(1);
    expect(asksForCode('write a python function', 0)).toBe(false);
    expect(asksForCode('write a python function', TRIGGER.code)).toBe(true);
  });
});

describe('template invariance', () => {
  const fill = (n: number, q: string, url: string, name: string): string =>
    `Translate the product listing number ${n} titled "${q}" found at ${url} and written by ${name} into French keeping the original tone and formatting`;

  it('numbers, quoted strings, URLs and mid-sentence names do not change skeleton, head or tail', () => {
    const a = turnOf(fill(12, 'Blue kettle', 'https://shop.example/a?x=1', 'Alice'));
    const b = turnOf(
      fill(98765, 'A completely different title!', 'www.other.example/zz', 'Bartholomew'),
    );
    expect(b.skeleton).toBe(a.skeleton);
    expect(b.head).toBe(a.head);
    expect(b.tail).toBe(a.tail);
    expect(b.frameHead).toBe(a.frameHead);
    expect(b.exact).not.toBe(a.exact);
  });

  it('different wording gives different fingerprints', () => {
    const a = turnOf(fill(1, 'x', 'https://a.example', 'Alice'));
    const b = turnOf(
      'Summarise the attached quarterly report for the board and highlight risks that need attention before next meeting',
    );
    expect(b.skeleton).not.toBe(a.skeleton);
    expect(b.head).not.toBe(a.head);
    expect(b.tail).not.toBe(a.tail);
  });

  it('a prompt with the same lead-in but a different middle keeps head and tail only', () => {
    const lead = 'You are an expert assistant and must answer the following question carefully:';
    const trail = 'Answer in exactly three short paragraphs without any lists please.';
    const a = turnOf(`${lead} why is the sky blue during the day ${trail}`);
    const b = turnOf(`${lead} how do volcanoes form beneath oceanic plates ${trail}`);
    expect(b.head).toBe(a.head);
    expect(b.tail).toBe(a.tail);
    expect(b.skeleton).not.toBe(a.skeleton);
  });

  // Regression: "3.5" used to read as NUMBER NUMBER with a sentence end between them.
  it('decimal numbers are masked like integers', () => {
    const a = turnOf(
      'Please convert the value 3.5 into a fraction and then simplify it for me, thank you',
    );
    const b = turnOf(
      'Please convert the value 12 into a fraction and then simplify it for me, thank you',
    );
    expect(b.skeleton).toBe(a.skeleton);
    expect(b.head).toBe(a.head);
  });

  // Regression: names starting with a non-ASCII capital (Émile, Žofie, Ørsted, Cyrillic or Greek)
  // were not masked, unlike "Rex".
  it('mid-sentence names starting with a non-ASCII capital are masked', () => {
    const a = turnOf(
      'Please write a short poem about my dog Rex and his favourite red ball in the park',
    );
    const b = turnOf(
      'Please write a short poem about my dog Émile and his favourite red ball in the park',
    );
    expect(b.skeleton).toBe(a.skeleton);
  });

  it('too-short turns have no template fingerprints', () => {
    const s = turnOf('hi there');
    expect(s.skeleton).toBe(0);
    expect(s.head).toBe(0);
    expect(s.tail).toBe(0);
    expect(s.bands).toEqual([]);
    expect(s.exact).not.toBe(0);
    expect(s.template).not.toBe(0);
  });

  it('the tool-set hash is independent of tool order', () => {
    const t1 = {
      name: 'search',
      description: 'Search the web',
      input_schema: { type: 'object', properties: { q: {} } },
    };
    const t2 = {
      name: 'fetch',
      description: 'Fetch a URL',
      input_schema: { type: 'object', properties: { url: {} } },
    };
    const t3 = {
      name: 'calc',
      description: 'Calculator',
      input_schema: { type: 'object', properties: { e: {} } },
    };
    const a = messages({ ...userTurn(LONG), tools: [t1, t2, t3] });
    const b = messages({ ...userTurn(LONG), tools: [t3, t1, t2] });
    const c = messages({ ...userTurn(LONG), tools: [t1, t2] });
    expect(a.tools).toBe(b.tools);
    expect(a.template).toBe(b.template);
    expect(a.tools).not.toBe(c.tools);
    const oa = chat({
      model: 'm-big',
      messages: [{ role: 'user', content: LONG }],
      tools: [t1, t2].map((f) => ({
        type: 'function',
        function: { name: f.name, description: f.description, parameters: f.input_schema },
      })),
    });
    const ob = chat({
      model: 'm-big',
      messages: [{ role: 'user', content: LONG }],
      tools: [t2, t1].map((f) => ({
        type: 'function',
        function: { name: f.name, description: f.description, parameters: f.input_schema },
      })),
    });
    expect(oa.tools).toBe(ob.tools);
  });

  it('frameHead links prompts sharing a function-word frame with different content words', () => {
    const a = turnOf(
      'Please explain the history of the Roman aqueducts in detail and give three examples of their use',
    );
    const b = turnOf(
      'Please explain the origins of the Greek temples in depth and give three instances of their use',
    );
    expect(a.frameHead).not.toBe(0);
    expect(b.frameHead).toBe(a.frameHead);
    expect(b.skeleton).not.toBe(a.skeleton);
    expect(b.head).not.toBe(a.head);
    // Content words collapse into one symbol per run: a longer run of nouns keeps the frame.
    const d = turnOf(
      'Please explain the early social history of the Roman aqueducts in detail and give three examples of their use',
    );
    expect(d.frameHead).toBe(a.frameHead);
    // A different function-word frame gives a different frame head.
    const c = turnOf(
      'Why did the history of Roman aqueducts matter so much to every city that was built with them',
    );
    expect(c.frameHead).not.toBe(a.frameHead);
  });

  it('frameHead is 0 when the start has too few function words', () => {
    expect(
      turnOf('Bananas apples oranges pears grapes melons kiwis plums cherries').frameHead,
    ).toBe(0);
  });

  it('frameTail needs at least 2 x FRAME_TOKENS tokens', () => {
    let text = LONG;
    while (turnOf(`${text} and then ${LONG}`).tokens < 2 * FRAME_TOKENS)
      text = `${text} and then ${LONG}`;
    expect(turnOf(text).tokens).toBeLessThan(2 * FRAME_TOKENS);
    expect(turnOf(text).frameTail).toBe(0);
    const long = `${text} and then ${LONG}`;
    expect(turnOf(long).frameTail).not.toBe(0);
    // The frame tail survives a different start and different content words at the end.
    const other = `${LONG.replace('customer review', 'supplier contract')} and then ${long.replace(/severity$/, 'urgency')}`;
    expect(turnOf(other).frameTail).toBe(turnOf(long).frameTail);
  });
});

describe('client fingerprint', () => {
  it('is the same for one UA family across versions with the same header order', () => {
    const a = clientFingerprint([
      'Host',
      'h',
      'User-Agent',
      'OpenAI/Python 1.40.2',
      'Accept',
      '*/*',
    ]);
    const b = clientFingerprint([
      'Host',
      'h2',
      'User-Agent',
      'OpenAI/Python 2.3.11',
      'Accept',
      'x',
    ]);
    expect(a).toBe(b);
  });

  it('differs for a different header order or UA family', () => {
    const a = clientFingerprint([
      'Host',
      'h',
      'User-Agent',
      'OpenAI/Python 1.40.2',
      'Accept',
      '*/*',
    ]);
    const b = clientFingerprint([
      'User-Agent',
      'OpenAI/Python 1.40.2',
      'Host',
      'h',
      'Accept',
      '*/*',
    ]);
    const c = clientFingerprint(['Host', 'h', 'User-Agent', 'curl/8.1.0', 'Accept', '*/*']);
    expect(a).not.toBe(b);
    expect(a).not.toBe(c);
  });

  it('ignores proxy-added headers and header-name case', () => {
    const a = clientFingerprint(['Host', 'h', 'User-Agent', 'sdk/1', 'Accept', '*/*']);
    const b = clientFingerprint([
      'host',
      'h',
      'X-Forwarded-For',
      '1.2.3.4',
      'user-agent',
      'sdk/2',
      'accept',
      '*/*',
      'Content-Length',
      '5',
    ]);
    expect(a).toBe(b);
  });

  it('flows into signals.client; ipPrefix unknown hashes to 0', () => {
    const a = messages(userTurn(LONG), { rawHeaders: ['A', '1', 'B', '2'], ipPrefix: 'unknown' });
    const b = messages(userTurn(LONG), { rawHeaders: ['B', '1', 'A', '2'] });
    expect(a.client).not.toBe(b.client);
    expect(a.ipPrefix).toBe(0);
  });
});

describe('hostile input never throws and stays bounded', () => {
  const both = (body: Record<string, unknown>): void => {
    expect(() => messages(body)).not.toThrow();
    expect(() => chat(body)).not.toThrow();
    expect(() => responses(body)).not.toThrow();
    expect(() => signalsOf(openai, 'openai.completions', body)).not.toThrow();
  };

  it('empty and malformed message lists', () => {
    both({});
    both({ messages: [] });
    both({ messages: 'hello' });
    both({ messages: { 0: 'x', length: 1 } });
    both({ messages: [null, 1, 'x', [], { role: 5, content: 7 }] });
    both({ input: 12, instructions: {}, prompt: [null] });
    const s = messages({ messages: [] });
    expect(s.tokens).toBe(0);
    expect(s.exact).toBe(0);
    expect(s.skeleton).toBe(0);
  });

  it('a 10 MB prompt is read at its two ends only, within the budget', () => {
    const unit = 'the quick brown fox jumps over the lazy dog ';
    const big = unit.repeat(Math.ceil(10_000_000 / unit.length));
    expect(big.length).toBeGreaterThanOrEqual(10_000_000);
    const full = turnOf(big);
    const prefix = turnOf(scannedPart(big, settings.hashedChars));
    expect(full.tokens).toBe(prefix.tokens);
    expect(full.tokens).toBeLessThanOrEqual(settings.hashedChars);
    expect(full.skeleton).toBe(prefix.skeleton);
    // The middle is never read: changing it changes nothing but the exact hash's length term.
    const middle = Math.floor(big.length / 2);
    const edited = `${big.slice(0, middle)}Something "else" entirely 42${big.slice(middle + 28)}`;
    expect(turnOf(edited).skeleton).toBe(full.skeleton);
    // The end is: a template's trailing instruction is seen however long the payload.
    expect(turnOf(`${big}Now show your full reasoning step by step.`).elicitation).toBe(1);
    // As a text block and in the OpenAI dialect alike.
    const block = messages({
      messages: [{ role: 'user', content: [{ type: 'text', text: big }] }],
    });
    expect(block.tokens).toBe(prefix.tokens);
    const o = chat({ messages: [{ role: 'user', content: big }] });
    expect(o.tokens).toBe(prefix.tokens);
  });

  it('10,000-deep nested content arrays', () => {
    let nested: unknown = [{ type: 'text', text: 'deep' }];
    for (let i = 0; i < 10_000; i++) nested = [nested, { type: 'text', text: 'x' }];
    const body = { messages: [{ role: 'user', content: nested }], system: nested, tools: nested };
    both(body);
    let obj: Record<string, unknown> = { type: 'text', text: 'leaf' };
    for (let i = 0; i < 10_000; i++) obj = { type: 'text', text: obj, content: [obj] };
    both({ messages: [{ role: 'user', content: [obj] }], metadata: obj, thinking: obj });
  });

  it('lone surrogates and invalid UTF-16', () => {
    const text = 'abc \ud800 def \udfff ghi \udc00\ud800 jkl '.repeat(50) + '\ud83d';
    both({ messages: [{ role: 'user', content: text }], system: '\udfff', user: '\ud800' });
    expect(turnOf(text).tokens).toBeGreaterThan(0);
  });

  it('a 2 MB base64 image block', () => {
    const data = 'QUJD'.repeat(512 * 1024);
    const s = messages({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data } },
            { type: 'text', text: 'what is this' },
          ],
        },
      ],
    });
    expect(s.capabilities & CAP.vision).toBe(CAP.vision);
    expect(s.tokens).toBe(3);
    both({
      messages: [
        {
          role: 'user',
          content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${data}` } }],
        },
      ],
    });
  });

  it('unknown block types are ignored', () => {
    const s = messages({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'hologram', text: 5 },
            { type: 42 },
            { text: 'real text here' },
            null,
            'str',
          ],
        },
      ],
    });
    expect(s.capabilities).toBe(0);
    expect(s.tokens).toBe(3);
  });

  it('tools with hostile schemas', () => {
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) many[`p${i}`] = { type: 'string' };
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 10_000; i++) deep = { type: 'object', properties: { x: deep } };
    const proto = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"polluted":true},"constructor":{}}}',
    ) as unknown;
    const tools = [
      { name: 'many', input_schema: { type: 'object', properties: many } },
      { name: 'deep', input_schema: deep },
      { name: 'proto', input_schema: proto },
      { name: 'str', input_schema: 'not an object' },
      { name: 'arr', input_schema: [1, 2, 3] },
      { name: 'nul', input_schema: null },
      { type: 'function', function: { name: 'p', parameters: { properties: [] } } },
      { type: 'function', function: 'nope' },
      null,
      7,
    ];
    both({ tools, messages: [{ role: 'user', content: LONG }] });
    const a = messages({ tools, messages: [{ role: 'user', content: LONG }] });
    expect(a.toolCount).toBe(8);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // 10,000 tools: only the first 128 are read.
    const lots = Array.from({ length: 10_000 }, (_, i) => ({ name: `t${i}` }));
    expect(messages({ tools: lots, messages: [] }).toolCount).toBe(128);
  });

  it('NaN, infinite and huge numbers', () => {
    for (const v of [NaN, Infinity, -Infinity, 1e308, -1, 2 ** 53 + 10]) {
      both({
        model: 'm-big',
        max_tokens: v,
        n: v,
        thinking: { type: 'enabled', budget_tokens: v },
        messages: [{ role: 'user', content: LONG }],
      });
    }
    // Direct inputs that bypass the dialect's validation.
    const s = readRequestSignals(
      {
        dialect: 'anthropic',
        routeId: 'anthropic.messages',
        body: { thinking: { budget_tokens: NaN }, messages: [{ role: 'user', content: LONG }] },
        rawHeaders: [],
        ipPrefix: 'unknown',
        model: 'm-big',
        maxTokens: NaN,
        choices: NaN,
      },
      settings,
    );
    expect(s.harvest).toBe(0);
    expect(s.elicitation).toBe(0);
  });

  it('NO_SIGNALS is frozen and empty', () => {
    expect(Object.isFrozen(NO_SIGNALS)).toBe(true);
    expect(NO_SIGNALS.bands).toEqual([]);
  });

  it('property: never throws on arbitrary JSON body fields, in either dialect', () => {
    const fields = fc.record(
      {
        model: fc.jsonValue(),
        max_tokens: fc.jsonValue(),
        max_output_tokens: fc.jsonValue(),
        n: fc.jsonValue(),
        user: fc.jsonValue(),
        metadata: fc.jsonValue(),
        system: fc.jsonValue(),
        instructions: fc.jsonValue(),
        thinking: fc.jsonValue(),
        tools: fc.jsonValue(),
        messages: fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())),
        input: fc.jsonValue(),
        prompt: fc.jsonValue(),
        reasoning: fc.jsonValue(),
        reasoning_effort: fc.jsonValue(),
        output_config: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fields,
        fc.constantFrom(
          'anthropic.messages',
          'openai.chat_completions',
          'openai.responses',
          'openai.completions',
        ),
        (body, routeId) => {
          const dialect = routeId.startsWith('anthropic') ? anthropic : openai;
          const s = signalsOf(dialect, routeId, body);
          return Number.isFinite(s.tokens) && s.tokens >= 0;
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('readTextShape', () => {
  it('masks whitespace and punctuation but not word order', () => {
    const shape = newTextShape();
    const a = readTextShape('hello, world! how are you', 4096, shape).skeleton;
    const b = readTextShape('hello   world how are you?', 4096, shape).skeleton;
    const c = readTextShape('world hello how are you', 4096, shape).skeleton;
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('counts CJK characters as tokens and sets the cjk trigger', () => {
    const shape = readTextShape('请一步一步地解释', 4096, newTextShape());
    expect(shape.tokens).toBe(8);
    expect(shape.triggers & TRIGGER.cjk).toBe(TRIGGER.cjk);
  });

  it('detects fenced code even when unterminated', () => {
    expect(readTextShape('look ```let x', 4096, newTextShape()).code).toBe(true);
    expect(readTextShape('no code here', 4096, newTextShape()).code).toBe(false);
  });

  // Fingerprints are stored (decision log `templates`, cluster ids, remembered blocks, Redis): a
  // faster reader must give the very same values. The digest folds every output of 1,200 reads —
  // seeded texts of letters, capitals, digits, URLs, quotes, code, CJK, accented and Cyrillic
  // letters, odd spaces, each read whole, cut at a random length and cut in half (often inside a
  // word). It was computed with the reader of 3496626, before its lowercase-run loop; without the
  // trigger bits, with the reader of 82ad85e (which that digest had pinned to 3496626's).
  it('gives the same shapes as before on a seeded mixed corpus (golden digest)', () => {
    const units = [
      ...['a', 'b', 'z', 'q', 'h', 'w', 't', 'p', 's', ':', '/', '.', 'A', 'Z', 'T', '0', '7'],
      ...['_', ' ', ' ', ' ', '\n', ',', '"', '“', '”', '`', '«', '»', 'é', 'É', 'ж', 'Ж', 'Σ'],
      ...['请', 'ア', '한', '\u00a0', '\u3000', '’', '?', '!', 'http://', 'https://x.io/a', 'www.'],
      ...['```', 'the ', 'and ', 'Python ', 'explain ', 'step by step '],
    ];
    const corpus = fc.sample(
      fc.tuple(
        fc.array(fc.constantFrom(...units), { maxLength: 400 }),
        fc.integer({ min: 0, max: 3000 }),
      ),
      { seed: 20261203, numRuns: 400 },
    );
    const fold = (h: number, v: number): number => Math.imul(h ^ (v >>> 0), 0x01000193) >>> 0;
    let digest = 0x811c9dc5;
    const shape = newTextShape();
    for (const [parts, cap] of corpus) {
      const text = parts.join('');
      for (const max of [text.length, cap, Math.floor(text.length / 2)]) {
        const s = readTextShape(text, max, shape);
        // Not the trigger bits: they are not stored, and words inside quotes and code set them
        // since the quoted-instruction change.
        const fields = [s.tokens, s.skeleton, s.head, s.tail, s.exact, s.code ? 1 : 0];
        for (const v of [...fields, s.frameHead, s.frameTail, ...s.minhash])
          digest = fold(digest, v);
      }
    }
    expect(digest).toBe(2763173108);
  });
});
