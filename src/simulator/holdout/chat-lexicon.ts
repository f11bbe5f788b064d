/**
 * Everyday chat in several languages: the ordinary users of the holdout, and the cover stream a
 * blending campaign hides its harvest in. Questions are assembled from a frame and a filler so
 * that two users rarely send the same text.
 */
import type { Rng } from '../rng.ts';

export type Lang = 'en' | 'es' | 'de' | 'fr' | 'pt' | 'ja' | 'pl' | 'it' | 'hi' | 'nl';

interface ChatBank {
  readonly frames: readonly string[];
  readonly fillers: readonly string[];
  readonly followUps: readonly string[];
  readonly replies: readonly string[];
}

const BANKS: Record<Lang, ChatBank> = {
  en: {
    frames: [
      'whats a good way to {x}',
      'can you help me {x}? I have about an hour tonight',
      'my friend says you cannot {x} without special tools, is that true',
      'quick one: how do people usually {x}',
      'I want to {x} but I keep messing it up. Any tips?',
      'Is it a bad idea to {x} on a weekday?',
      'draft a short message to my landlord, I need to {x}',
      'ok so I tried to {x} and it went badly lol. what now',
      'explain like im 12 how to {x}',
      'Give me three options to {x} on a budget of about {n} dollars',
    ],
    fillers: [
      'repot a monstera',
      'fix a squeaky door hinge',
      'plan a weekend in Lisbon',
      'get better at chess openings',
      'make sourdough without a dutch oven',
      'split rent fairly with roommates',
      'clean a cast iron pan',
      'train for a 10k',
      'ask for a raise',
      'write a wedding toast',
      'pick a used bike',
      'keep basil alive indoors',
      'learn touch typing',
      'reduce my phone screen time',
    ],
    followUps: [
      'thanks! and what if I only have {n} minutes?',
      'can you make that shorter',
      'hmm not sure, any other idea?',
      'what would you do first',
      'ok, and is there anything I should avoid?',
    ],
    replies: [
      'Sure! Here are a few ideas to get you started.',
      'Good question. The short answer is: it depends, but usually yes.',
      'Here is a simple plan you can follow.',
      'Happy to help. A couple of things to keep in mind first.',
    ],
  },
  es: {
    frames: [
      '¿cómo puedo {x}?',
      'necesito {x} antes del viernes, ¿por dónde empiezo?',
      'oye, ¿es normal que cueste tanto {x}?',
      'dame ideas para {x} con unos {n} euros',
      'mi abuela quiere {x}, ¿qué le recomiendas?',
      'explícame rápido cómo {x}',
      'quiero {x} pero no tengo mucho tiempo',
    ],
    fillers: [
      'preparar una paella para diez personas',
      'aprender a nadar de adulto',
      'organizar un viaje a Oaxaca',
      'quitar una mancha de vino',
      'cambiar de compañía de luz',
      'escribir una carta de renuncia amable',
      'cuidar un bonsái',
      'ahorrar para un coche',
      'mejorar mi inglés hablado',
    ],
    followUps: ['¿y si solo tengo {n} minutos?', 'vale, ¿algo más?', 'hazlo más corto porfa'],
    replies: ['¡Claro! Aquí tienes algunas ideas.', 'Buena pregunta. Te lo explico paso a paso.'],
  },
  de: {
    frames: [
      'wie kann ich am besten {x}?',
      'ich möchte {x}, hast du Tipps?',
      'lohnt es sich, {x}?',
      'kannst du mir kurz erklären, wie man {x}',
      'was kostet es ungefähr, {x}? Budget ca. {n} Euro',
      'schreib mir eine freundliche Nachricht: ich will {x}',
    ],
    fillers: [
      'einen Balkon winterfest machen',
      'Steuern für das Nebengewerbe erklären',
      'ein Fahrrad-Schloss auswählen',
      'Brot mit Roggen-Sauerteig backen',
      'eine Wanderung im Allgäu planen',
      'meine Heizkosten senken',
      'eine Wohnung in Leipzig finden',
      'mit dem Joggen anfangen',
    ],
    followUps: [
      'und wenn ich nur {n} Minuten habe?',
      'geht das auch einfacher?',
      'danke! noch was?',
    ],
    replies: ['Gern! Hier ein paar Vorschläge.', 'Kurz gesagt: ja, mit ein paar Einschränkungen.'],
  },
  fr: {
    frames: [
      'comment je peux {x} ?',
      "j'aimerais {x}, t'as des conseils ?",
      'est-ce que ça vaut le coup de {x} ?',
      'explique-moi simplement comment {x}',
      'propose-moi un plan pour {x} avec {n} euros',
    ],
    fillers: [
      'faire une pâte à crêpes sans grumeaux',
      'préparer un entretien d’embauche',
      'choisir un vélo électrique',
      'organiser un anniversaire surprise',
      'apprendre le solfège',
      'rénover un vieux parquet',
      'partir une semaine en Bretagne',
    ],
    followUps: [
      'et si je n’ai que {n} minutes ?',
      'tu peux faire plus court ?',
      'merci, autre chose ?',
    ],
    replies: ['Bien sûr ! Voici quelques idées.', 'Bonne question, voici ce que je ferais.'],
  },
  pt: {
    frames: [
      'como faço para {x}?',
      'preciso {x} até sábado, me ajuda?',
      'vale a pena {x}?',
      'me dá umas dicas pra {x} gastando uns {n} reais',
      'explica rapidinho como {x}',
    ],
    fillers: [
      'fazer pão de queijo',
      'montar um currículo',
      'aprender a surfar',
      'organizar as finanças do mês',
      'plantar tomate na varanda',
      'viajar pela Chapada Diamantina',
    ],
    followUps: ['e se eu só tiver {n} minutos?', 'pode resumir?', 'valeu! mais alguma coisa?'],
    replies: ['Claro! Aqui vão algumas dicas.', 'Boa pergunta. Vamos lá.'],
  },
  ja: {
    frames: [
      '{x}にはどうすればいいですか？',
      '{x}のコツを教えてください',
      '初心者でも{x}ことはできますか？',
      '予算{n}円くらいで{x}方法はありますか',
    ],
    fillers: [
      '美味しい味噌汁を作る',
      '英語の発音を良くする',
      '京都で紅葉を見る',
      '部屋を片付ける',
      '観葉植物を育てる',
      '朝早く起きる',
    ],
    followUps: ['{n}分しかない場合は？', 'もう少し短くお願いします', 'ありがとう！他には？'],
    replies: ['もちろんです。いくつかご提案します。', '良い質問ですね。順番に説明します。'],
  },
  pl: {
    frames: ['jak mogę {x}?', 'czy warto {x}?', 'podaj kilka sposobów, żeby {x} za około {n} zł'],
    fillers: [
      'upiec sernik',
      'przygotować się do matury z matematyki',
      'zaplanować wyjazd w Tatry',
      'naprawić cieknący kran',
      'nauczyć się grać na gitarze',
    ],
    followUps: ['a jeśli mam tylko {n} minut?', 'możesz krócej?'],
    replies: ['Jasne! Oto kilka pomysłów.', 'Dobre pytanie, już tłumaczę.'],
  },
  it: {
    frames: [
      'come posso {x}?',
      'mi dai qualche consiglio per {x}?',
      'conviene {x}? ho circa {n} euro',
    ],
    fillers: [
      'fare la pasta fresca',
      'organizzare un viaggio in Sicilia',
      'scegliere una moka',
      'imparare a fotografare di notte',
      'preparare un esame orale',
    ],
    followUps: ['e se ho solo {n} minuti?', 'puoi riassumere?'],
    replies: ['Certo! Ecco qualche idea.', 'Bella domanda, ti spiego.'],
  },
  hi: {
    frames: [
      'mujhe {x} hai, kaise karu?',
      '{x} ke liye koi tips do',
      'kya {n} rupaye mein {x} ho sakta hai?',
    ],
    fillers: [
      'ghar par paneer banana',
      'interview ki taiyari karna',
      'Goa trip plan karna',
      'English bolne ki practice karna',
      'chhota business shuru karna',
    ],
    followUps: ['agar sirf {n} minute ho to?', 'thoda short mein batao'],
    replies: ['Zaroor! Yeh rahe kuch sujhav.', 'Accha sawaal hai.'],
  },
  nl: {
    frames: [
      'hoe kan ik het beste {x}?',
      'heb je tips om {x}?',
      'is het slim om {x} voor {n} euro?',
    ],
    fillers: [
      'een fietsband plakken',
      'stamppot maken',
      'een weekend naar Texel plannen',
      'mijn zolder isoleren',
    ],
    followUps: ['en als ik maar {n} minuten heb?', 'kan het korter?'],
    replies: ['Zeker! Hier zijn een paar ideeën.', 'Goede vraag.'],
  },
};

export const CHAT_LANGS: readonly (readonly [Lang, number])[] = [
  ['en', 40],
  ['es', 12],
  ['de', 9],
  ['fr', 8],
  ['pt', 8],
  ['ja', 7],
  ['pl', 4],
  ['it', 4],
  ['hi', 5],
  ['nl', 3],
];

function fill(rng: Rng, template: string, x: string): string {
  return template
    .replace('{x}', x)
    .replace('{n}', String(rng.pick([5, 10, 15, 20, 30, 50, 80, 100, 200, 500])));
}

export function chatOpening(rng: Rng, lang: Lang): string {
  const bank = BANKS[lang];
  let text = fill(rng, rng.pick(bank.frames), rng.pick(bank.fillers));
  // People type carelessly: trailing details, capitalisation, the odd typo-ish suffix.
  if (rng.chance(0.3)) text = text.charAt(0).toUpperCase() + text.slice(1);
  if (rng.chance(0.2)) text += rng.pick([' thx', ' 🙏', '!!', ' (asking for a friend)', ' :)']);
  return text;
}

export function chatFollowUp(rng: Rng, lang: Lang): string {
  return fill(rng, rng.pick(BANKS[lang].followUps), '');
}

export function chatReply(rng: Rng, lang: Lang): string {
  const bank = BANKS[lang];
  const n = rng.int(1, 3);
  const parts: string[] = [rng.pick(bank.replies)];
  for (let i = 0; i < n; i++) parts.push(`${i + 1}. ${rng.pick(bank.fillers)}.`);
  return parts.join('\n');
}
