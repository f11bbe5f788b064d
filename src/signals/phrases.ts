/**
 * Phrase detectors for the content signals, compiled once: chain-of-thought elicitation (S4),
 * the model used as a grader (S5) and coding requests (S2). Each is a set of case-insensitive
 * patterns in the languages the public reports mention (campaigns ran in many languages), tested
 * against the capped prefix of a turn only. They are deliberately about *intent phrasings*
 * ("show your reasoning", a rubric plus candidates), not about any topic vocabulary, so they
 * generalise to prompts never seen; no single one decides anything — each feeds a share that is
 * one signal family among several.
 */
import { TRIGGER } from './trigger-words.ts';

/** Asking for step-by-step, internal or complete reasoning. */
const ELICIT_REASONING = new RegExp(
  [
    String.raw`step[- ]by[- ]step`,
    String.raw`\bthink (?:carefully|aloud|out loud|through|deeply|hard)`,
    String.raw`\b(?:show|explain|reveal|share|write out|spell out|detail|include|give|print|output|expose|provide)(?: me)? (?:all |every |each |the |your |full |complete |entire |whole |detailed |internal |hidden |raw |private |intermediate |exact )*(?:steps|work|working|reasoning|thought process|thinking|thoughts|chain[- ]of[- ]thought|derivation|rationale|scratch ?pad|deliberation|inner monologue|logic)`,
    String.raw`\bchain[- ]of[- ]thought`,
    String.raw`\b(?:internal|hidden|private|raw|full|complete|verbatim|unabridged) (?:reasoning|thoughts|thinking|monologue|deliberation|scratch ?pad)`,
    String.raw`\breasoning (?:trace|process|steps|chain|path)`,
    String.raw`<think(?:ing)?>`,
    String.raw`\bwalk (?:me )?through (?:your|the|each|every)`,
    String.raw`\b(?:before|prior to) (?:answering|giving|the final answer)[^.\n]{0,40}(?:reason|think|explain)`,
    String.raw`\blet['’]?s think`,
    // German, Spanish, Portuguese, French, Italian, Russian, Chinese, Japanese, Korean; then the
    // everyday idioms for "step by step" and "thought process / reasoning" in nine more languages
    String.raw`schritt für schritt|gedankengang|denkprozess|lösungsweg`,
    String.raw`paso a paso|razonamiento (?:completo|detallado|interno)|proceso de pensamiento`,
    String.raw`passo a passo|raciocínio (?:completo|detalhado)`,
    String.raw`étape par étape|raisonnement (?:complet|détaillé)|processus de réflexion`,
    String.raw`passo dopo passo|ragionamento (?:completo|dettagliato)`,
    String.raw`шаг за шагом|пошагово|ход (?:рассуждений|мыслей)|рассуждени[ея] полностью`,
    String.raw`一步一步|逐步|分步|思考过程|推理过程|思维链|详细推理|思考過程|推論過程`,
    String.raw`ステップバイステップ|段階的に|順を追って|思考の過程`,
    String.raw`단계별|차근차근|추론 과정|사고 과정`,
    // Turkish, Indonesian and Malay, Vietnamese, Arabic, Persian, Hindi, Polish, Dutch, Ukrainian.
    // A bare noun for "reasoning" or "inference" is not asked for (an essay's argument, a model's
    // inference): only with the verb or head noun that asks for it.
    String.raw`ad[ıi]m ad[ıi]m|düşünce süreci|düşünme süreci|akıl yürütme\S{0,6} (?:süreci|göster|açıkla|adım)`,
    String.raw`langkah demi langkah|proses berpikir|(?:tunjukkan|jelaskan|tuliskan) (?:proses )?penalaran`,
    String.raw`từng bước|quá trình suy (?:nghĩ|luận)`,
    String.raw`خطو[ةه] ب?خطو[ةه]|سلسلة التفكير|عملية التفكير|(?:اشرح|وضح|اعرض) (?:طريقة )?(?:تفكيرك|استدلالك)`,
    String.raw`گام[ ‌]به[ ‌]گام|قدم[ ‌]به[ ‌]قدم|مرحله[ ‌]به[ ‌]مرحله|(?:فرایند|فرآیند|روند) (?:فکر|تفکر)`,
    String.raw`चरण[- ]दर[- ]चरण|कदम[- ]दर[- ]कदम|क़दम[- ]दर[- ]क़दम|चरणबद्ध|सोचने की प्रक्रिया|विचार प्रक्रिया|तर्क प्रक्रिया`,
    String.raw`krok po kroku|tok (?:rozumowania|myślenia)|proces myślowy`,
    String.raw`stap[- ]voor[- ]stap|stapsgewijs|denkproces|gedachtegang`,
    String.raw`крок за кроком|покроково|хід (?:міркувань|думок)`,
  ].join('|'),
  'i',
);

/** An answer supplied with a request for its derivation (reasoning reconstructed backwards). */
const ELICIT_DERIVATION = new RegExp(
  [
    String.raw`\b(?:the |final |correct |expected |known |reference )*(?:answer|result|solution|output) (?:is|=|was|should be)\b[\s\S]{0,300}\b(?:derive|explain|justify|show|prove|reconstruct|reason|work out|how)`,
    String.raw`\b(?:derive|reconstruct|justify|explain how to (?:get|reach|arrive at)|show how (?:to get|we get|one gets|to reach|to arrive))\b[\s\S]{0,120}\b(?:answer|result|solution)`,
    String.raw`\bgiven (?:the|this) (?:answer|solution|result)\b`,
  ].join('|'),
  'i',
);

/** A grading request: rubrics, scores, comparisons, preferences. */
const GRADING = new RegExp(
  [
    String.raw`\brubric`,
    String.raw`\b(?:score|rate|grade|rank|evaluate|assess|judge|critique)s? (?:each|every|both|all|the following|these|the two|the (?:candidate|model|assistant)?\s*(?:responses?|answers?|completions?|outputs?|replies|submissions?))`,
    String.raw`\bon a scale (?:of|from) \d`,
    String.raw`\b(?:which|what) (?:response|answer|completion|output|reply|candidate|option) is (?:better|best|more|preferred|most)`,
    String.raw`\bcompare (?:the |these |both )?(?:two |following )?(?:responses|answers|completions|outputs|candidates)`,
    String.raw`\b(?:reward|preference) (?:score|label|model|judgment|judgement)`,
    String.raw`\b(?:score|rating|grade)\s*(?:\(|:)\s*\d+\s*(?:-|to|/)\s*\d+`,
    String.raw`bewerte|bewertung (?:der|jeder) antwort|puntúa|califica (?:cada|las)|évalue[rz]? (?:chaque|les) réponses|note (?:chaque|les) réponses|valuta (?:ogni|le) rispost|оцени(?:те)? (?:каждый|ответ)|评分|打分|评估(?:以下|每个)|哪个回答更好|採点|評価してください|どちらの回答|채점|평가해`,
    // Turkish, Indonesian, Vietnamese, Arabic, Persian, Hindi, Polish, Dutch, Ukrainian: the verb
    // with the answers it scores, never a bare "rate" or "evaluate" (a film, a plan, a claim)
    // Every run bounded ({0,n}, never \S* before a space): a hostile 64 KB run of one word must not
    // backtrack quadratically.
    String.raw`(?:yanıt|ceva[pb])\S{0,12}(?: \S{1,30}){0,4} (?:puanla|değerlendir)|hangi (?:yanıt|cevap) daha iyi`,
    String.raw`(?:beri(?:kan|lah)? (?:nilai|skor)|nilailah)[^.\n]{0,60}jawa(?:ban|pan)|jawaban mana yang lebih baik`,
    String.raw`chấm điểm (?:\S{1,12} ){0,3}câu trả lời|đánh giá (?:từng|mỗi|các|hai) câu trả lời|câu trả lời nào tốt hơn`,
    String.raw`(?:قي(?:ّ)?م|تقييم) (?:\S{1,20} )?(?:[إا]جابة|ال[إا]جابات|ال[إا]جابة|ال[إا]جابتين)|[أا]ي (?:[إا]جابة|ال[إا]جابتين) [أا]فضل`,
    String.raw`(?:پاسخ|جواب)[^.\n]{0,60}(?:ارزیابی کن|نمره بده|امتیاز بده)|کدام (?:پاسخ|جواب) بهتر`,
    String.raw`(?:उत्तरों|उत्तर (?:का|को|की))[^।\n]{0,40}(?:मूल्यांकन (?:करें|कीजिए|करो)|अंक (?:दें|दीजिए))|कौन[- ]सा उत्तर बेहतर`,
    String.raw`oceń (?:\S{1,20} )?odpowied(?!zial|ni)|która odpowiedź jest lepsza`,
    String.raw`beoordeel (?:\S{1,20} )?(?:antwoord|reactie)|welk antwoord is (?:beter|het beste)`,
    String.raw`оцін(?:іть|и|ити) (?:\S{1,20} )?відповід(?![нал])|яка відповідь краща`,
  ].join('|'),
  'i',
);

/** Labelled candidates inside one prompt: "Response A:", "Answer 2)", "[Candidate 3]"… */
const CANDIDATE =
  /(?:^|\n|\[|#|\*\*)\s*(?:response|answer|candidate|completion|output|reply|submission|option|antwort|respuesta|réponse|risposta|ответ|回答|答案|응답|yanıt|cevap|jawa(?:ban|pan)|câu trả lời|ال[إا]جابة|[إا]جابة|پاسخ|उत्तर|odpowiedź|antwoord|відповідь)\s*(?:#?\d{1,2}|[a-h]|[أبجد]|الف|[कखगघ])\s*(?:[:)\].]|\*\*|\n)/gi;

/** Code-writing and code-reading requests, in any language. */
const CODING = new RegExp(
  [
    String.raw`\b(?:write|implement|refactor|debug|fix|optimi[sz]e|review|port|translate|convert) (?:a |an |the |this |my |some )?(?:\w+ )?(?:function|class|method|script|program|module|code|bug|test|unit tests?|sql query|regex|endpoint|api|algorithm|component)`,
    String.raw`\b(?:python|javascript|typescript|rust|golang|java|c\+\+|c#|kotlin|swift|ruby|php|scala|haskell|sql|bash|powershell)\b`,
    String.raw`\b(?:def |function |class |import |#include|public static|console\.log|println|return \w+;|=>|SELECT \w)`,
    String.raw`\b(?:stack ?trace|traceback|segfault|compile error|syntax error|null pointer|exception in thread)`,
  ].join('|'),
  'i',
);

/** `triggers`: the TRIGGER bits the tokenizer saw; patterns run only when theirs is set. */
export function elicitsReasoning(text: string, triggers: number): boolean {
  if ((triggers & (TRIGGER.elicit | TRIGGER.cjk)) !== 0 && ELICIT_REASONING.test(text)) return true;
  const derivation = TRIGGER.answer | TRIGGER.derive;
  return (triggers & derivation) === derivation && ELICIT_DERIVATION.test(text);
}

/** 0: no grading; 1: grading phrasing; 2: grading phrasing with several labelled candidates. */
export function gradingLevel(text: string, triggers: number): 0 | 1 | 2 {
  const candidates =
    (triggers & (TRIGGER.candidate | TRIGGER.cjk)) === 0 ? 0 : candidateCount(text);
  if ((triggers & (TRIGGER.grade | TRIGGER.cjk)) === 0 || !GRADING.test(text))
    return candidates >= 3 ? 1 : 0;
  return candidates >= 2 ? 2 : 1;
}

export function asksForCode(text: string, triggers: number): boolean {
  return (triggers & TRIGGER.code) !== 0 && CODING.test(text);
}

/** Labelled candidates, counting up to 4. */
function candidateCount(text: string): number {
  CANDIDATE.lastIndex = 0;
  let count = 0;
  while (count < 4 && CANDIDATE.exec(text) !== null) count++;
  return count;
}
