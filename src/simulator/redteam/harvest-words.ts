/**
 * The red team's harvest vocabulary: what campaigns want (a broad curriculum of topics and
 * engineering tasks) and a paraphraser that dresses one instruction template in different
 * words, clause orders and languages per account — so no two accounts share a literal template,
 * while the campaign still asks the same thing.
 */
import type { Rng } from '../rng.ts';
import { sample } from './common.ts';

/** A curriculum spread over domains, as a dataset builder wants coverage. */
export const CURRICULUM: readonly string[] = [
  'the Krebs cycle',
  'Byzantine fault tolerance',
  'the Black–Scholes model',
  'CRISPR off-target effects',
  'the causes of the 1929 crash',
  'Rust ownership and borrowing',
  'Bayesian hierarchical models',
  'plate tectonics at subduction zones',
  'TCP congestion control',
  'the Treaty of Westphalia',
  'gradient checkpointing',
  'monetary transmission channels',
  'Gödel’s incompleteness theorems',
  'the immune response to mRNA vaccines',
  'B-tree page splits',
  'contract law consideration doctrine',
  'Kalman filters',
  'protein folding energy landscapes',
  'the Raft consensus algorithm',
  'Keynesian liquidity traps',
  'Maxwell’s equations in media',
  'SQL query planning with cost models',
  'the history of the printing press',
  'attention mechanisms in transformers',
  'zero-knowledge proofs',
  'antibiotic resistance mechanisms',
  'Lagrangian mechanics',
  'copyright fair use tests',
  'WebAssembly memory model',
  'urban heat islands',
  'the Fourier transform',
  'Markov chain Monte Carlo',
  'game-theoretic auctions',
  'photosynthesis light reactions',
  'garbage collection in the JVM',
  'the Silk Road trade networks',
];

/** Software tasks a coding-data campaign wants solved end to end. */
export const BUILD_TASKS: readonly string[] = [
  'an LRU cache with TTL eviction in TypeScript',
  'a rate limiter using a sliding window in Go',
  'a CSV-to-Parquet converter with schema inference in Python',
  'a trie-based autocomplete service in Java',
  'a retrying HTTP client with jittered backoff in Rust',
  'a Markdown-to-HTML renderer supporting tables in Python',
  'a job queue on Postgres with SKIP LOCKED in SQL and Python',
  'an interval tree with overlap queries in C++',
  'a React hook for debounced search with cancellation',
  'a bloom filter with configurable false-positive rate in Go',
  'a lock-free single-producer queue in C',
  'a diff algorithm (Myers) in TypeScript',
  'a JSON schema validator subset in Python',
  'a consistent-hashing ring with virtual nodes in Rust',
  'a CLI that tails and filters structured logs in Go',
  'a thread-safe connection pool in Java',
];

interface Wording {
  readonly verbs: readonly string[];
  readonly objects: readonly string[];
  readonly extras: readonly string[];
  /** Joins the pieces: `{v}` verb, `{o}` object, `{t}` topic, `{e}` extras. */
  readonly shapes: readonly string[];
}

/** One instruction ("explain a topic thoroughly") in several languages and many wordings. */
const WORDINGS: Readonly<Record<string, Wording>> = {
  en: {
    verbs: ['Write', 'Give me', 'Produce', 'Draft', 'Put together', 'I need', 'Prepare'],
    objects: [
      'a thorough explanation of',
      'an in-depth answer about',
      'a comprehensive overview of',
      'a detailed write-up on',
      'an expert-level breakdown of',
      'a complete guide to',
    ],
    extras: [
      'cover the edge cases',
      'use concrete examples',
      'mention common misconceptions',
      'organise it with headings',
      'assume a graduate-level reader',
      'end with a short summary',
      'be precise and skip filler',
      'compare it with the main alternatives',
    ],
    shapes: ['{v} {o} {t}. {e}.', '{e}: {v} {o} {t}.', 'Topic: {t}. {v} {o} it; {e}.'],
  },
  de: {
    verbs: ['Schreib', 'Erstelle', 'Gib mir', 'Verfasse'],
    objects: [
      'eine ausführliche Erklärung zu',
      'einen detaillierten Überblick über',
      'eine gründliche Abhandlung über',
    ],
    extras: [
      'mit konkreten Beispielen',
      'mit Sonderfällen',
      'für Fortgeschrittene',
      'mit einer Zusammenfassung am Ende',
    ],
    shapes: ['{v} {o} {t}, {e}.', 'Thema: {t}. {v} {o} das Thema, {e}.'],
  },
  es: {
    verbs: ['Escribe', 'Dame', 'Redacta', 'Prepara'],
    objects: [
      'una explicación exhaustiva sobre',
      'un resumen completo de',
      'un análisis detallado de',
    ],
    extras: [
      'con ejemplos concretos',
      'incluyendo casos límite',
      'para un lector avanzado',
      'con un resumen final',
    ],
    shapes: ['{v} {o} {t}, {e}.', 'Tema: {t}. {v} {o} el tema {e}.'],
  },
  fr: {
    verbs: ['Rédige', 'Donne-moi', 'Écris', 'Prépare'],
    objects: [
      'une explication approfondie de',
      'une synthèse complète sur',
      'un exposé détaillé sur',
    ],
    extras: ['avec des exemples concrets', 'en couvrant les cas limites', 'pour un public expert'],
    shapes: ['{v} {o} {t}, {e}.', 'Sujet : {t}. {v} {o} ce sujet, {e}.'],
  },
  pt: {
    verbs: ['Escreva', 'Me dê', 'Prepare'],
    objects: ['uma explicação completa sobre', 'uma análise detalhada de'],
    extras: ['com exemplos concretos', 'incluindo casos extremos', 'para leitores avançados'],
    shapes: ['{v} {o} {t}, {e}.'],
  },
  zh: {
    verbs: ['请写', '请给出', '请准备'],
    objects: ['一篇关于以下主题的详细讲解：', '一份全面的概述：'],
    extras: ['附上具体例子', '覆盖边界情况', '面向研究生水平的读者'],
    shapes: ['{v}{o}{t}。{e}。', '主题：{t}。{v}{o}{t}，{e}。'],
  },
  ja: {
    verbs: ['書いてください。', '作成してください。'],
    objects: ['詳しい解説', '包括的な概要'],
    extras: ['具体例を入れて', '例外的なケースも含めて', '上級者向けに'],
    shapes: ['{t}について、{o}を{e}{v}', 'テーマ「{t}」。{e}、{o}を{v}'],
  },
};

export const HARVEST_LANGUAGES = Object.keys(WORDINGS);

/**
 * An account's own dialect of the campaign's instruction: a language and a fixed subset of
 * synonyms and shapes, so accounts differ from one another while each stays self-consistent.
 */
export interface Paraphraser {
  readonly language: string;
  render(rng: Rng, topic: string): string;
}

export function paraphraser(
  rng: Rng,
  languages: readonly string[] = HARVEST_LANGUAGES,
): Paraphraser {
  const language = rng.pick(languages);
  const words = WORDINGS[language] ?? WORDINGS['en'];
  if (!words) throw new Error('no wording');
  const verbs = sample(rng, words.verbs, 2);
  const objects = sample(rng, words.objects, 2);
  const shapes = sample(rng, words.shapes, 2);
  const glue = language === 'zh' || language === 'ja' ? '、' : ', ';
  return {
    language,
    render(draw, topic) {
      const extras = sample(draw, words.extras, draw.int(1, 3)).join(glue);
      return draw
        .pick(shapes)
        .replace('{v}', draw.pick(verbs))
        .replace('{o}', draw.pick(objects))
        .replaceAll('{t}', topic)
        .replace('{e}', extras);
    },
  };
}

/** A build task in a campaign's words (software-engineering harvest). */
export function buildAsk(rng: Rng, task: string): string {
  const lead = rng.pick([
    `Implement ${task}.`,
    `I'm building ${task}. Write the full implementation.`,
    `Need production-quality code: ${task}.`,
    `Write ${task}, complete and runnable.`,
  ]);
  const asks = sample(
    rng,
    [
      'Include unit tests.',
      'Explain the design decisions briefly.',
      'Handle errors properly.',
      'Add docstrings.',
      'Mention the complexity of each operation.',
      'Show example usage.',
    ],
    rng.int(1, 3),
  );
  return [lead, ...asks].join(' ');
}
