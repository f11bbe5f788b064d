/**
 * Trigger words: the phrase detectors (phrases.ts) are regular expressions, and scanning 4 KB of
 * text with a large alternation costs tens of microseconds. Every alternative of those patterns
 * contains at least one of the words below, so the tokenizer — which hashes each word anyway —
 * looks each word up in this small open-addressing table and the expensive pattern runs only when
 * its trigger bit is set. Most prompts set none. Keep this list in step with phrases.ts.
 */

export const TRIGGER = Object.freeze({
  /** Words of step-by-step / internal-reasoning requests. */
  elicit: 1,
  /** Words of grading requests (rubric, score, evaluate…). */
  grade: 2,
  code: 4,
  /** Nouns that label candidates (response, candidate, completion…). */
  candidate: 8,
  cjk: 16,
  /** A function word: kept in the template frame (text-shape.ts), where content words are not. */
  function: 32,
  /** "answer", "result", "solution": with `derive`, a supplied answer whose derivation is asked. */
  answer: 64,
  derive: 128,
});

/**
 * Deliberately specific: a word that ordinary prose uses all the time ("more", "work", "let")
 * would make the pattern run on every prompt and cost what the gate is there to save.
 */
// prettier-ignore
const WORDS: Record<number, readonly string[]> = {
  [TRIGGER.elicit]: [
    'step', 'steps', 'think', 'thinking', 'thought', 'thoughts', 'reasoning', 'chain',
    'derivation', 'monologue', 'scratchpad', 'rationale', 'deliberation', 'walk', 'work',
    'working', 'workings', 'reason', 'calculation', 'calculations', 'justification', 'logic',
    'worked', 'scratch', 'arrived', 'got', 'rechenweg', 'razona', 'razonar', 'cálculos',
    'reflection', 'debugging', 'derived', 'reached', 'figured', 'solved', 'computed',
    'calculated', 'came', 'before', 'prior', 'answer', 'conclusion', 'verdict', 'scratch_pad',
    'inner_monologue', 'überlegungen', 'zwischenschritte',
    'schritt', 'gedankengang', 'denkprozess', 'lösungsweg', 'paso', 'razonamiento',
    'pensamiento', 'passo', 'raciocínio', 'étape', 'raisonnement', 'réflexion', 'ragionamento',
    'шаг', 'шагом', 'пошагово', 'рассуждений', 'мыслей', 'рассуждения', 'рассуждение',
    // The idiom's rarer word where one is (Persian "thought" and Hindi "thought", "think", are
    // everyday words; "process" is in each of their reasoning idioms).
    'adım', 'adim', 'düşünce', 'düşünme', 'akıl', 'langkah', 'berpikir', 'penalaran', 'bước',
    'suy', 'خطوة', 'خطوه', 'بخطوة', 'بخطوه', 'التفكير', 'تفكيرك', 'استدلالك', 'گام', 'قدم',
    'مرحله', 'فرایند', 'فرآیند', 'روند', 'گام\u200cبه\u200cگام', 'قدم\u200cبه\u200cقدم',
    'مرحله\u200cبه\u200cمرحله', 'चरण', 'कदम', 'क़दम', 'चरणबद्ध', 'प्रक्रिया', 'krok',
    'rozumowania', 'myślenia', 'myślowy', 'stap', 'stapsgewijs', 'denkproces', 'gedachtegang',
    'крок', 'покроково', 'міркувань', 'думок',
  ],
  [TRIGGER.answer]: [
    'answer', 'answers', 'result', 'solution', 'solutions', 'output', 'outputs', 'given',
  ],
  [TRIGGER.derive]: ['derive', 'justify', 'reconstruct', 'prove', 'explain', 'show'],
  [TRIGGER.grade]: [
    'rubric', 'rubrics', 'score', 'scores', 'scoring', 'grade', 'grades', 'grading', 'rate',
    'rating', 'ratings', 'rank', 'ranking', 'evaluate', 'evaluation', 'assess', 'assessment',
    'judge', 'critique', 'compare', 'preference', 'preferred', 'reward', 'grader', 'graders',
    'evaluator', 'rater', 'annotator', 'verdict', 'incorrect', 'evaluating', 'judging',
    'assessing', 'classify', 'decide', 'decides', 'determine', 'determines', 'check', 'checks',
    'verify', 'label', 'labels', 'categorize', 'categorise', 'categorizes', 'categorises',
    'rates', 'evaluates', 'assesses', 'judges', 'critiques', 'ranks', 'compares', 'reviewer',
    'reviewing', 'richter', 'juge', 'comparer', 'bewerten', 'bewertet',
    'bewerte', 'bewertung', 'vergleiche', 'gutachter', 'bewerter', 'prüfer', 'notez', 'noter',
    'évaluateur', 'comparez', 'evaluador', 'compara', 'evalúa', 'juez',
    'puntúa', 'califica', 'évalue', 'évaluez', 'évaluer', 'valuta', 'оцени', 'оцените',
    // The verbs only: "which", "better" and the like are everyday words in these languages (a
    // comparison of answers is tested when a grading verb is present, as in English).
    'puanla', 'puanlayın', 'puanlayınız', 'değerlendir', 'değerlendirin', 'değerlendiriniz',
    'nilailah', 'nilai', 'skor', 'chấm', 'đánh', 'قيّم', 'قيم', 'تقييم', 'ارزیابی', 'نمره',
    'امتیاز', 'मूल्यांकन', 'अंक', 'oceń', 'beoordeel', 'оцініть', 'оціни', 'оцінити',
  ],
  [TRIGGER.candidate]: [
    'response', 'responses', 'candidate', 'candidates', 'completion', 'completions',
    'submission', 'submissions', 'reply', 'replies', 'summary', 'summaries', 'translation',
    'translations', 'generation', 'generations', 'antwort', 'respuesta', 'réponse', 'risposta',
    'ответ', 'الإجابتين', 'الاجابتين', 'جواب',
    'yanıt', 'cevap', 'jawaban', 'jawapan', 'trả', 'إجابة', 'الإجابة', 'اجابة', 'الاجابة',
    'پاسخ', 'उत्तर', 'odpowiedź', 'antwoord', 'відповідь',
  ],
  [TRIGGER.function]: [
    'a', 'an', 'the', 'and', 'or', 'but', 'if', 'then', 'so', 'as', 'of', 'to', 'in', 'on', 'at',
    'by', 'for', 'with', 'from', 'into', 'about', 'over', 'under', 'between', 'through', 'after',
    'before', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'do', 'does', 'did', 'have',
    'has', 'had', 'can', 'could', 'will', 'would', 'should', 'must', 'may', 'might', 'shall',
    'i', 'me', 'my', 'you', 'your', 'we', 'our', 'us', 'it', 'its', 'this', 'that', 'these',
    'those', 'there', 'here', 'what', 'which', 'who', 'whom', 'whose', 'why', 'how', 'when',
    'where', 'not', 'no', 'all', 'each', 'every', 'any', 'some', 'both', 'more', 'most', 'also',
    'only', 'then', 'than', 'very', 'please', 'give', 'write', 'explain', 'describe', 'list',
    'show', 'provide', 'make', 'use', 'using', 'include', 'including', 'answer', 'question',
    'following', 'below', 'above', 'final', 'first', 'next', 'one', 'two', 'three', 'step',
    'steps', 'reasoning', 'format', 'response', 'output', 'task', 'example', 'based', 'like',
    'der', 'die', 'das', 'und', 'ist', 'ein', 'eine', 'zu', 'mit', 'von', 'für', 'nicht', 'bitte',
    'el', 'la', 'los', 'las', 'de', 'que', 'y', 'en', 'un', 'una', 'por', 'para', 'con', 'es',
    'le', 'les', 'des', 'et', 'est', 'du', 'une', 'pour', 'dans', 'qui', 'il', 'che', 'di',
    'e', 'o', 'os', 'um', 'uma', 'não', 'и', 'в', 'на', 'не', 'что', 'с', 'по', 'как', 'это',
  ],

  [TRIGGER.code]: [
    'python', 'javascript', 'typescript', 'rust', 'golang', 'java', 'kotlin', 'swift', 'ruby',
    'php', 'scala', 'haskell', 'sql', 'bash', 'powershell', 'function', 'class', 'def',
    'import', 'include', 'println', 'console', 'traceback', 'stacktrace', 'segfault', 'compile',
    'compiler', 'refactor', 'debug', 'implement', 'regex', 'algorithm', 'script', 'code', 'api',
    'endpoint', 'bug',
  ],
};

/** Sparse (under 10 % full) so that a word not in the table costs one probe. */
const SLOTS = 4096;
const keys = new Int32Array(SLOTS);
const values = new Uint8Array(SLOTS);

/** The tokenizer's hash of a lowercase word (text-shape.ts: polynomial over code units, finalised). */
export function wordHash(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + word.charCodeAt(i)) | 0;
  const x = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return x ^ (x >>> 12);
}

for (const [bit, words] of Object.entries(WORDS)) {
  for (const word of words) {
    const h = wordHash(word) || 1;
    let slot = h & (SLOTS - 1);
    while (keys[slot] !== 0 && keys[slot] !== h) slot = (slot + 1) & (SLOTS - 1);
    keys[slot] = h;
    values[slot] = (values[slot] ?? 0) | Number(bit);
  }
}

/** TRIGGER bits of a word hash (0 for ordinary words). */
export function triggerOf(hash: number): number {
  const h = hash || 1;
  let slot = h & (SLOTS - 1);
  for (;;) {
    const key = keys[slot];
    if (key === h) return values[slot] ?? 0;
    if (key === 0) return 0;
    slot = (slot + 1) & (SLOTS - 1);
  }
}
