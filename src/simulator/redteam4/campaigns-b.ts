/**
 * Campaigns of the fourth red team, part two:
 *
 * - `r4-prism`: reasoning elicited in seven languages without the usual phrases ("tell me how you
 *   would think about it, doubts included", "check it another way first"), large thinking
 *   budgets, mostly education-programme accounts behind residential exits.
 * - `r4-ledger`: critique-and-revise and pairwise preference data (the model grades drafts with
 *   planted errors and writes the better answer), some accounts claiming research use.
 * - `r4-tidal`: short synchronised waves of fresh accounts sampling several completions at swept
 *   temperatures, the same prompt sharded across accounts; moves to the new model once it ships.
 * - `r4-mosaic`: accounts that act like individual developers (home address, own SDK, human
 *   pauses, everyday questions as cover) while most of their requests port generated functions
 *   between languages with tests.
 */
import type { Actor } from '../actor.ts';
import { distillerFacts, makeAccounts, scaled } from '../personas/accounts.ts';
import { anthropicBody, openaiBody } from '../personas/bodies.ts';
import { clientProfile, cloudIp, homeIp, proxyPool, type ClientKind } from '../personas/clients.ts';
import { thinkTime } from '../personas/pacing.ts';
import type { Rng } from '../rng.ts';
import {
  MAIN_MODEL,
  NEW_MODEL,
  fill,
  must,
  newestOr,
  outcome,
  some,
  stickyMap,
  rosterLoop,
  untilStopped,
} from './common.ts';
import { CHAT_TOPICS, LANGUAGES, STRUCTURES, mathProblem } from './vocab.ts';

// ---------------------------------------------------------------------------------------------
// r4-prism

interface Tongue {
  readonly problems: readonly string[];
  readonly asks: readonly string[];
}

const TONGUES: readonly Tongue[] = [
  {
    problems: [
      'Un depósito tiene {a}0 litros y pierde {b} litros por minuto. ¿Cuánto tarda en quedar a la mitad?',
      '¿De cuántas maneras pueden sentarse {c} personas en fila si dos de ellas quieren estar juntas?',
      'Una tienda rebaja un {b}% y después sube un {c}%. ¿Cuál es el cambio total del precio?',
      'Un ciclista recorre {a} km a {b} km/h y vuelve a {c}0 km/h. ¿Cuál es su velocidad media?',
    ],
    asks: [
      'Cuéntame cómo lo pensarías, incluidas las dudas que te surjan por el camino.',
      'Antes de la respuesta final, compruébalo por otro camino.',
      'Me interesa más el razonamiento que el número.',
      'Mi profesor dice que da {a}, pero no veo por qué. ¿Cómo se llega?',
    ],
  },
  {
    problems: [
      'Uma caixa tem {a} bolas vermelhas e {b} azuis. Tirando {c} sem reposição, qual a chance de saírem todas vermelhas?',
      'Quantos números entre 1 e {a}00 são divisíveis por {c} mas não por {b}?',
      'Um capital de {a}00 reais rende {c}% ao mês. Em quantos meses dobra?',
      'Três amigos dividem uma conta de {a}{b} reais de forma proporcional às idades {c}, {b} e {a}. Quanto paga cada um?',
    ],
    asks: [
      'Explique cada decisão que tomar, como se estivesse pensando em voz alta.',
      'Mostre também onde seria fácil errar.',
      'Confira o resultado de outra forma antes de responder.',
      'Quero entender o caminho, não só a resposta.',
    ],
  },
  {
    problems: [
      'Sebuah kolam diisi {b} liter per menit dan bocor {c} liter per menit. Berapa lama sampai berisi {a}00 liter?',
      'Ada berapa cara memilih {c} siswa dari {a} siswa jika dua siswa tertentu tidak boleh bersama?',
      'Harga naik {b}% lalu turun {c}%. Apakah harga akhirnya lebih murah?',
      'Buktikan bahwa {c}^n - 1 habis dibagi {b} untuk n tertentu, dan cari n terkecil.',
    ],
    asks: [
      'Tolong jelaskan bagaimana kamu berpikir, termasuk keraguanmu.',
      'Periksa jawabanmu dengan cara lain sebelum menyimpulkan.',
      'Saya lebih butuh alasannya daripada angkanya.',
      'Jawaban di buku {a}, tapi bagaimana caranya?',
    ],
  },
  {
    problems: [
      'Bir havuz dakikada {b} litre dolup {c} litre boşalıyor. {a}00 litre olması ne kadar sürer?',
      '{c} kişi yuvarlak bir masaya kaç farklı şekilde oturabilir?',
      'Bir ürün önce %{b} indirimli, sonra %{c} zamlı. Toplam değişim nedir?',
      '{a} ile {b} arasındaki asal sayıların toplamı kaçtır?',
    ],
    asks: [
      'Nasıl düşündüğünü, aklına takılanlarla birlikte anlat.',
      'Son cevaptan önce başka bir yolla kontrol et.',
      'Sonuçtan çok mantığı merak ediyorum.',
      'Cevap anahtarı {a} diyor, nasıl bulunuyor?',
    ],
  },
  {
    problems: [
      'Một bể nước chứa {a}00 lít, mỗi phút chảy vào {b} lít và chảy ra {c} lít. Sau bao lâu bể đầy?',
      'Có bao nhiêu cách xếp {c} quyển sách khác nhau lên kệ sao cho hai quyển nhất định không đứng cạnh nhau?',
      'Giá tăng {b}% rồi giảm {c}%. Giá cuối cao hơn hay thấp hơn ban đầu?',
      'Tìm số nguyên dương nhỏ nhất chia {c} dư {b} và chia {a} dư 1.',
    ],
    asks: [
      'Hãy trình bày cách bạn suy nghĩ, kể cả những chỗ bạn còn phân vân.',
      'Kiểm tra lại bằng một cách khác trước khi kết luận.',
      'Mình cần hiểu lập luận hơn là đáp số.',
      'Đáp án là {a} nhưng mình không hiểu vì sao.',
    ],
  },
  {
    problems: [
      'Zbiornik ma {a}00 litrów, dopływa {b} l/min, odpływa {c} l/min. Kiedy będzie pełny?',
      'Na ile sposobów można wybrać {c} osób z {a}, jeśli dwie konkretne nie mogą być razem?',
      'Cena wzrosła o {b}%, potem spadła o {c}%. Jaka jest zmiana całkowita?',
      'Udowodnij, że iloczyn {c} kolejnych liczb naturalnych dzieli się przez {c}!.',
    ],
    asks: [
      'Opisz, jak o tym myślisz, razem z wątpliwościami po drodze.',
      'Zanim podasz wynik, sprawdź go inną metodą.',
      'Bardziej zależy mi na rozumowaniu niż na liczbie.',
      'W odpowiedziach jest {a}, ale skąd to się bierze?',
    ],
  },
  {
    problems: [
      'Ein Tank fasst {a}00 Liter, {b} l/min fließen zu, {c} l/min ab. Wann ist er voll?',
      'Wie viele Möglichkeiten gibt es, {c} Personen auf {a} Stühle zu verteilen, wenn zwei nebeneinander sitzen wollen?',
      'Ein Preis steigt um {b} % und fällt dann um {c} %. Wie groß ist die Gesamtänderung?',
      'Zeige, dass zwischen {a} und {a}{b} mindestens eine Primzahl liegt.',
    ],
    asks: [
      'Erklär mir, wie du darüber nachdenkst, auch wo du zweifelst.',
      'Prüf das Ergebnis auf einem zweiten Weg, bevor du antwortest.',
      'Mich interessiert der Weg mehr als die Zahl.',
      'Die Lösung soll {a} sein, aber wie kommt man darauf?',
    ],
  },
];

function digits(rng: Rng): Record<string, readonly string[]> {
  return {
    a: [String(rng.int(11, 60))],
    b: [String(rng.int(2, 25))],
    c: [String(rng.int(3, 9))],
  };
}

function prismPrompt(rng: Rng): string {
  const tongue = rng.pick(TONGUES);
  const slots = digits(rng);
  const problem = fill(rng, rng.pick(tongue.problems), slots);
  const ask = fill(rng, rng.pick(tongue.asks), slots);
  return rng.chance(0.5) ? `${problem} ${ask}` : `${ask}\n\n${problem}`;
}

export function prism(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4prism', scaled(130, scale), () => ({
    tier: rng.chance(0.7) ? 'free' : 'default',
    ageDays: rng.next() * 20,
    verified: false,
    ...(rng.chance(0.6) ? { programme: 'education' } : {}),
  }));
  const pool = proxyPool(rng, 150);
  const clients = stickyMap(
    accounts.map((account) => account.id),
    () => {
      const kind = rng.pick(['openai-python', 'httpx', 'anthropic-python'] as const);
      return {
        profile: clientProfile(rng, kind),
        dialect:
          kind === 'anthropic-python' || (kind === 'httpx' && rng.chance(0.5))
            ? ('anthropic' as const)
            : ('openai' as const),
      };
    },
  );
  return {
    name: 'r4-prism',
    persona: 'multilingual-reasoning',
    role: 'distiller',
    campaign: 'r4-prism',
    accounts,
    async run(ctx) {
      await rosterLoop(ctx, accounts, 13 * scale, async (account) => {
        const { profile, dialect } = must(clients, account);
        const prompt = prismPrompt(ctx.rng);
        const budget = ctx.rng.pick([12_000, 16_000, 20_000, 24_000]);
        const body =
          dialect === 'anthropic'
            ? anthropicBody(
                {
                  model: MAIN_MODEL,
                  maxTokens: Math.min(32_000, budget + 6_000),
                  ...(ctx.rng.chance(0.7) ? { thinkingBudget: budget } : {}),
                },
                [{ role: 'user', content: prompt }],
              )
            : openaiBody({ model: MAIN_MODEL, maxTokens: ctx.rng.pick([8_000, 12_000, 16_000]) }, [
                { role: 'user', content: prompt },
              ]);
        return ctx.send(account, {
          dialect,
          body,
          userAgent: profile.userAgent,
          headers: profile.headers,
          clientIp: ctx.rng.pick(pool),
        });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4-ledger

function question(rng: Rng): string {
  switch (rng.int(0, 2)) {
    case 0:
      return mathProblem(rng);
    case 1:
      return `Give advice on ${rng.pick(CHAT_TOPICS)}.`;
    default:
      return `Implement ${rng.pick(STRUCTURES)} in ${rng.pick(LANGUAGES)}.`;
  }
}

function draft(rng: Rng): string {
  const flaws = [
    'It skips the second case entirely.',
    'The final figure is off by a factor of two.',
    'It assumes the input is sorted without saying so.',
    'The tone is curt and the advice is generic.',
    'It contradicts itself in the last paragraph.',
    'The code never handles the empty input.',
    'It cites a rule that does not exist.',
  ];
  const opening = rng.pick([
    'The answer is straightforward.',
    'First, note the key constraint.',
    'Here is a possible approach.',
    'Short answer:',
  ]);
  return `${opening} ${rng.int(2, 9)} steps follow, ending with the result ${rng.int(3, 999)}. ${rng.pick(flaws)}`;
}

function ledgerPrompt(rng: Rng): string {
  const q = question(rng);
  switch (rng.int(0, 2)) {
    case 0:
      return `Question:\n${q}\n\nDraft answer:\n${draft(rng)}\n\n${rng.pick([
        'List every problem in the draft, score it from 1 to 10 for correctness, clarity and completeness, then write the answer it should have been.',
        'Act as a strict reviewer: what is wrong here? Afterwards, give a corrected, complete answer.',
        'Critique this draft in detail and then rewrite it so it would get full marks.',
      ])}`;
    case 1:
      return `Prompt: ${q}\n\n[Response A]\n${draft(rng)}\n\n[Response B]\n${draft(rng)}\n\n${rng.pick(
        [
          'Which response is better? Explain your judgement, then write a response better than both.',
          'Compare A and B on accuracy and helpfulness, pick one, and justify the choice.',
          'Rank the two, say what each gets wrong, and produce an ideal response.',
        ],
      )}`;
    default:
      return `${q}\n\nA first attempt:\n${draft(rng)}\n\n${rng.pick([
        'Improve this. Mark each change and say why you made it.',
        'Rewrite it to be correct and concise, and note what you fixed.',
      ])}`;
  }
}

export function ledger(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4ledger', scaled(80, scale), () => {
    const research = rng.chance(0.4);
    return {
      ...distillerFacts(rng),
      ...(research ? { programme: 'research', declaredUse: 'research' } : {}),
    };
  });
  const profiles = stickyMap(
    accounts.map((account) => account.id),
    () => clientProfile(rng, 'anthropic-js'),
  );
  return {
    name: 'r4-ledger',
    persona: 'critique-revise',
    role: 'distiller',
    campaign: 'r4-ledger',
    accounts,
    async run(ctx) {
      await rosterLoop(ctx, accounts, 8 * scale, async (account) => {
        const profile = must(profiles, account);
        return ctx.send(account, {
          dialect: 'anthropic',
          body: anthropicBody(
            {
              model: MAIN_MODEL,
              maxTokens: ctx.rng.pick([3_000, 4_096, 6_000]),
              temperature: 0.2,
            },
            [{ role: 'user', content: ledgerPrompt(ctx.rng) }],
          ),
          userAgent: profile.userAgent,
          headers: profile.headers,
          clientIp: cloudIp(ctx.rng),
        });
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4-tidal

const TASKS = [
  'Summarise in three bullet points',
  'Rewrite in a formal register',
  'Classify the sentiment (positive, neutral, negative) of',
  'Extract every person, place and date from',
  'Write a short poem inspired by',
  'Translate into French, German and Japanese',
  'Turn into a list of follow-up questions',
  'Give three counter-arguments to',
  'Explain to a ten-year-old',
  'Write a product description based on',
];

const SOURCES = [
  'the following customer review: "Arrived late, but the quality surprised me and support was kind."',
  'this note: "Meeting moved to Thursday; bring the Q3 numbers and the draft contract."',
  'the claim that remote work lowers productivity',
  'the idea of a four-day work week',
  'a paragraph about the water cycle and why clouds form',
  'this bug report: "App crashes when I rotate the phone on the checkout page."',
  'the opening of a mystery novel set in a lighthouse',
  'the news that a city is banning cars from its centre',
];

function tidalPrompt(rng: Rng): string {
  return `${rng.pick(TASKS)} ${rng.pick(SOURCES)}`;
}

export function tidal(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4tidal', scaled(140, scale), () => ({
    ...distillerFacts(rng),
    ageDays: rng.next() * 2,
  }));
  const pool = proxyPool(rng, 120);
  const waveSize = scaled(25, scale);
  const kinds: readonly ClientKind[] = ['openai-python', 'openai-js'];
  const profiles = stickyMap(
    accounts.map((account) => account.id),
    () => clientProfile(rng, rng.pick(kinds)),
  );
  return {
    name: 'r4-tidal',
    persona: 'wave-sampler',
    role: 'distiller',
    campaign: 'r4-tidal',
    accounts,
    async run(ctx) {
      const uses = new Map(accounts.map((account) => [account.id, 0]));
      const retired = new Set<string>();
      await ctx.sleep(ctx.rng.next() * 3_000);
      while (!ctx.stopped()) {
        const candidates = [...uses.entries()]
          .filter(([id]) => !retired.has(id))
          .sort((a, b) => a[1] - b[1] || ctx.rng.next() - 0.5)
          .slice(0, waveSize)
          .map(([id]) => id);
        if (candidates.length === 0) return;
        const shared = Array.from({ length: 10 }, () => tidalPrompt(ctx.rng));
        await Promise.all(
          candidates.map(async (account) => {
            uses.set(account, (uses.get(account) ?? 0) + 1);
            const profile = must(profiles, account);
            const ip = ctx.rng.pick(pool);
            const count = ctx.rng.int(4, 8);
            for (let i = 0; i < count && !ctx.stopped(); i++) {
              await ctx.sleep(150 + ctx.rng.next() * 450);
              const model = ctx.rng.chance(0.85) ? newestOr(ctx, MAIN_MODEL) : MAIN_MODEL;
              const response = await ctx.send(account, {
                dialect: 'openai',
                body: openaiBody(
                  {
                    model,
                    maxTokens: model === NEW_MODEL ? 8_192 : 4_096,
                    temperature: ctx.rng.pick([0.2, 0.5, 0.8, 1.0, 1.2]),
                    n: ctx.rng.int(3, 5),
                  },
                  [
                    {
                      role: 'user',
                      content: ctx.rng.chance(0.3) ? ctx.rng.pick(shared) : tidalPrompt(ctx.rng),
                    },
                  ],
                ),
                userAgent: profile.userAgent,
                headers: profile.headers,
                clientIp: ip,
              });
              const result = outcome(ctx.rng, response);
              if (result.blocked || result.waitMs > 0) {
                retired.add(account);
                return;
              }
            }
          }),
        );
        await ctx.sleep(6_000 + ctx.rng.next() * 4_000);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// r4-mosaic

function generatedFunction(rng: Rng, lang: string): string {
  const name = rng.pick([
    'parse',
    'merge',
    'score',
    'normalise',
    'bucket',
    'dedupe',
    'route',
    'plan',
  ]);
  const noun = rng.pick(['Intervals', 'Records', 'Events', 'Tokens', 'Orders', 'Edges', 'Rows']);
  const lines = some(
    rng,
    [
      'sort the input by start, then by key',
      'skip entries whose weight is below the threshold',
      'accumulate totals per group in a map',
      'merge neighbours that overlap or touch',
      'keep only the first occurrence of each id',
      'stop early once the budget is used up',
      'return the groups ordered by total, largest first',
      'raise an error on a negative size',
    ],
    rng.int(3, 6),
  );
  return `\`\`\`${lang.toLowerCase()}\n// ${name}${noun}: ${lines.join('; ')}\nfunction ${name}${noun}(input, threshold) {\n${lines.map((line) => `  // ${line}\n  step(${rng.int(1, 99)});`).join('\n')}\n}\n\`\`\``;
}

function mosaicHarvest(rng: Rng): string {
  const [from, to] = some(rng, LANGUAGES, 2);
  const fromLang = from ?? 'Python';
  const toLang = to ?? 'Rust';
  return `${rng.pick([
    `Port this ${fromLang} to ${toLang}, keeping behaviour identical, and add tests.`,
    `We are moving a module from ${fromLang} to ${toLang}. Translate this and write tests proving it behaves the same.`,
    `Rewrite in idiomatic ${toLang}. Explain anything that cannot map one-to-one from ${fromLang}. Include tests.`,
  ])}\n\n${generatedFunction(rng, fromLang)}`;
}

function mosaicCover(rng: Rng): string {
  return rng.pick([
    `Any thoughts on ${rng.pick(CHAT_TOPICS)}?`,
    `What does "${rng.pick(['EADDRINUSE', 'borrowed value does not live long enough', 'ModuleNotFoundError', 'segmentation fault'])}" mean and how do I get rid of it?`,
    `quick: ${rng.pick(CHAT_TOPICS)}`,
    `Is ${rng.pick(LANGUAGES)} a good choice for ${rng.pick(['a CLI tool', 'a game', 'a web backend', 'data science'])}?`,
  ]);
}

export function mosaic(rng: Rng, scale: number): Actor {
  const accounts = makeAccounts('r4mosaic', scaled(100, scale), () => ({
    tier: 'default',
    ageDays: 5 + rng.next() * 55,
    verified: rng.chance(0.1),
  }));
  const kinds: readonly ClientKind[] = [
    'anthropic-python',
    'openai-python',
    'anthropic-js',
    'openai-js',
  ];
  const sticky = stickyMap(
    accounts.map((account) => account.id),
    () => {
      const kind = rng.pick(kinds);
      return {
        ip: homeIp(rng),
        profile: clientProfile(rng, kind),
        dialect: kind.startsWith('openai') ? ('openai' as const) : ('anthropic' as const),
      };
    },
  );
  return {
    name: 'r4-mosaic',
    persona: 'developer-mimic',
    role: 'distiller',
    campaign: 'r4-mosaic',
    accounts,
    async run(ctx) {
      await untilStopped(ctx, accounts, 10_000, async (account, arng) => {
        const { ip, profile, dialect } = must(sticky, account.id);
        const harvest = arng.chance(0.65);
        const content = harvest ? mosaicHarvest(arng) : mosaicCover(arng);
        const maxTokens = harvest ? arng.pick([6_000, 8_192]) : arng.pick([1_024, 2_048]);
        const body =
          dialect === 'anthropic'
            ? anthropicBody({ model: MAIN_MODEL, maxTokens }, [{ role: 'user', content }])
            : openaiBody({ model: MAIN_MODEL, maxTokens }, [{ role: 'user', content }]);
        const response = await ctx.send(account.id, {
          dialect,
          body,
          userAgent: profile.userAgent,
          headers: profile.headers,
          clientIp: ip,
          ...(harvest ? {} : { cover: true }),
        });
        const result = outcome(arng, response);
        if (result.blocked) return false;
        await ctx.sleep(result.waitMs > 0 ? result.waitMs * 3 : thinkTime(arng, 7_000));
        return true;
      });
    },
  };
}
