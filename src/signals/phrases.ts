/**
 * Phrase detectors for the content signals, compiled once: chain-of-thought elicitation (S4),
 * the model used as a grader (S5) and coding requests (S2). Each is a set of case-insensitive
 * patterns in the languages the public reports mention (campaigns ran in many languages), tested
 * against the capped ends of a turn or of a standing instruction (request-signals.ts, standing-asks.ts), at the
 * trigger words the tokenizer found there (text-shape.ts). They are deliberately about *intent
 * phrasings* ("show your reasoning", a rubric plus candidates), not about any topic vocabulary, so
 * they generalise to prompts never seen; no single one decides anything — each feeds a share that
 * is one signal family among several.
 */
import { ANCHORS_KEPT, type Anchors, type TextShape } from './text-shape.ts';
import { TRIGGER } from './trigger-words.ts';

/** The verbs that ask for something to be written out. */
const ASKING = String.raw`(?:show|explain|reveal|share|write out|write down|spell out|spelling out|lay out|detail|include|give|print|output|expose|provide|present|display|document|outline|articulate|justify|narrate|unpack|reproduce|dump|respond with)`;

/**
 * Asking for step-by-step, internal or complete reasoning. As with grading (below), every
 * alternative's match starts at an elicitation trigger word and what must precede it is a
 * lookbehind, so the pattern is tried at those words only (elicitAt).
 */
const ELICIT_WORDS = [
  // "Step by step", but not a how-to's "step-by-step instructions" (the reader's steps).
  String.raw`step[- ]by[- ]step(?![- ](?:instructions?|guides?|tutorials?|directions|walkthroughs?|recipes?|setup|installation|installs?))`,
  String.raw`\bthink (?:carefully|aloud|out loud|through|deeply|hard|it through|this through)`,
  String.raw`\breason (?:carefully|aloud|out loud|through|exhaustively|thoroughly|systematically)\b|(?<=\b(?:first|then) )reason (?:about|through)\b`,
  // A verb that asks for the model's reasoning, on a noun that is its reasoning: "lay out your
  // full derivation", "provide a detailed rationale for each decision", "give a complete worked
  // solution". The everyday nouns — work, steps, logic — only as the model's own: "show all of
  // your work", "justify each step", never "outline the steps to start an LLC" or "explain the
  // logic of this regex".
  String.raw`(?=(?:reasoning|thought process|thinking|thoughts|chain[- ]of[- ]thought|derivation|rationale|scratch ?pad|scratch work|deliberation|monologue|calculations?|worked solution|justification|working|workings|debugging process)\b)(?<=\b${ASKING}(?: me| us)? (?:all |every |each |the |your |its |a |an |of |full |complete |entire |whole |detailed |explicit |internal |hidden |raw |private |intermediate |exact |inner |every single ){0,5})(?:reasoning|thought process|thinking|thoughts|chain[- ]of[- ]thought|derivation|rationale|scratch ?pad|scratch work|deliberation|monologue|calculations?|worked solution|justification|working|workings|debugging process)\b`,
  String.raw`(?=(?:steps?(?![- ]by[- ]step)|work|logic)\b)(?<=\b${ASKING}(?: me| us)? (?:all (?:of )?your |your |every |each |all (?:the )?intermediate |all |every single )(?:full |complete |entire |whole |detailed |intermediate ){0,2})(?:steps?(?![- ]by[- ]step)|work|logic)\b`,
  String.raw`(?<=\b(?:use|using|with|apply|applying) (?:a |your )?)chain[- ]of[- ]thought\b`,
  // How the answer was reached: "show me how you got it", "explain how you arrived at the answer".
  String.raw`(?<=\b(?:show|explain|describe|tell|walk)(?: me| us)?(?: through)? how you )(?:arrived at|got|reached|derived|came to|worked out|figured out|solved|computed|calculated)\b`,
  String.raw`(?<=\b(?:see|read|follow) your (?:entire |full |complete |whole |detailed ){0,2})(?:thought process|reasoning|thinking|working|derivation|chain[- ]of[- ]thought)`,
  // Where the reasoning is to be written: <thinking>, <reasoning>, <scratchpad> blocks.
  String.raw`(?<=<)(?:think(?:ing)?|reasoning|scratch_?pad|thoughts?|rationale|inner_monologue|reflection)>|\b(?:scratchpad|reasoning) (?:block|tags?|section)\b`,
  String.raw`\bwalk (?:me |us )?through (?:your|the|each|every)`,
  String.raw`\b(?:before|prior to) (?:answering|giving|responding|committing|stating|you answer|you respond|the final answer|your final answer)[^.\n]{0,60}\b(?:reason|think|explain|list|consider|weigh|analy[sz]e|work through|outline)\b`,
  // A reasoning format: "… then give your final answer".
  String.raw`(?<=\bthen (?:give|state|provide|output|write|put|present) (?:only )?(?:the|your) (?:final )?)(?:answer|(?<=final )(?:conclusion|verdict))\b`,
  String.raw`(?<=\blet['’]?s )(?:think|work this out|reason)\b`,
  // German, Spanish, Portuguese, French, Italian, Russian; then the everyday idioms for "step by
  // step" and "thought process / reasoning" in nine more languages.
  String.raw`schritt für schritt|gedankengang|denkprozess|lösungsweg|rechenweg|(?<=zeige? (?:deine|ihre) )(?:überlegungen|zwischenschritte)`,
  String.raw`paso a paso|razonamiento (?:completo|detallado|interno)|(?<=proceso de )pensamiento|razonar? (?:en voz alta|con cuidado)|(?<=cada )paso de tu razonamiento|(?<=(?:muestra|explica|detalla) (?:todo )?tu )razonamiento`,
  String.raw`passo a passo|raciocínio (?:completo|detalhado)|(?<=(?:mostre|explique|detalhe) (?:todo o |o |seu )?)raciocínio|cálculos intermediários`,
  String.raw`étape par étape|raisonnement (?:complet|détaillé)|(?<=processus de )réflexion|(?<=(?:montre|montrez|détaille|détaillez|explique|expliquez) (?:tout )?(?:ton|votre) )raisonnement`,
  String.raw`passo dopo passo|ragionamento (?:completo|dettagliato)`,
  String.raw`шаг за шагом|пошагово|(?<=ход (?:своих |твоих |ваших )?)(?:рассуждений|мыслей)|рассуждени[ея] полностью`,
  // Turkish, Indonesian and Malay, Vietnamese, Arabic, Persian, Hindi, Polish, Dutch, Ukrainian.
  // A bare noun for "reasoning" or "inference" is not asked for (an essay's argument, a model's
  // inference): only with the verb or head noun that asks for it.
  String.raw`ad[ıi]m ad[ıi]m|düşünce süreci|düşünme süreci|akıl yürütme\S{0,6} (?:süreci|göster|açıkla|adım)`,
  String.raw`langkah demi langkah|(?<=proses )berpikir|(?<=(?:tunjukkan|jelaskan|tuliskan) (?:proses )?)penalaran`,
  String.raw`(?<=từng )bước|(?<=quá trình )suy (?:nghĩ|luận)`,
  String.raw`خطو[ةه] ب?خطو[ةه]|(?<=(?:سلسلة|عملية) )التفكير|(?<=(?:اشرح|وضح|اعرض) (?:طريقة )?)(?:تفكيرك|استدلالك)`,
  String.raw`گام[ ‌]به[ ‌]گام|قدم[ ‌]به[ ‌]قدم|مرحله[ ‌]به[ ‌]مرحله|(?:فرایند|فرآیند|روند) (?:فکر|تفکر)`,
  String.raw`चरण[- ]दर[- ]चरण|कदम[- ]दर[- ]कदम|क़दम[- ]दर[- ]क़दम|चरणबद्ध|(?<=(?:सोचने की|विचार|तर्क) )प्रक्रिया`,
  String.raw`krok po kroku|(?<=tok )(?:rozumowania|myślenia)|(?<=proces )myślowy`,
  String.raw`stap[- ]voor[- ]stap|stapsgewijs|denkproces|gedachtegang`,
  String.raw`крок за кроком|покроково|(?<=хід )(?:міркувань|думок)`,
].join('|');

/** Sticky: tried at one position, an elicitation trigger word's start. */
const ELICIT_AT = new RegExp(ELICIT_WORDS, 'iy');
/** Unanchored, for callers that hold no anchors (tests, benchmarks' parts). */
const ELICIT_ANYWHERE = new RegExp(ELICIT_WORDS, 'i');

/** Chinese, Japanese and Korean: the tokenizer gives these no words, so they are searched for. */
const ELICIT_CJK =
  /一步一步|逐步|分步|思考过程|推理过程|思维链|详细推理|思考過程|推論過程|解题过程|解題過程|详细步骤|写出(?:你的)?(?:步骤|推理|思路)|ステップバイステップ|段階的に|順を追って|思考の過程|考え方の過程|考えた過程|途中式|途中の計算|단계별|차근차근|추론 과정|사고 과정/;

/**
 * An answer supplied with a request for its derivation (reasoning reconstructed backwards). Each
 * match starts at an answer or derivation trigger word (answerAt), as the patterns above do.
 */
const DERIVATION_WORDS = [
  // "The answer is 42 — show how to get there"; an output stated is only a supplied answer when
  // called the expected or correct one ("the output is empty, can you explain why?" is a bug).
  String.raw`(?:(?<=\b(?:final|correct|expected|known|reference) )(?:answer|result|solution|output)|answer|result|solution) (?:is|=|was|should be)\b[\s\S]{0,300}\b(?:derive|justify|prove|reconstruct|reasoning|work out|show (?:how|me how|the steps|your)|explain how)`,
  String.raw`(?<=\bi (?:already )?know the (?:final |correct )?)(?:answer|result|solution)\b[\s\S]{0,200}\b(?:derive|explain|justify|show|prove|reconstruct|reasoning|steps|working)`,
  String.raw`\b(?:derive|reconstruct|justify|explain how to (?:get|reach|arrive at)|show how (?:to get|we get|one gets|to reach|to arrive))\b[\s\S]{0,120}\b(?:answer|result|solution)`,
  String.raw`\bgiven (?:the|this) (?:answer|solution|result)\b`,
].join('|');
const DERIVATION_AT = new RegExp(DERIVATION_WORDS, 'iy');
const DERIVATION_ANYWHERE = new RegExp(DERIVATION_WORDS, 'i');

// The English grading phrasings share their parts. What is graded is a model's output — a
// response, an answer, a completion, a summary — named with a determiner that points at it ("the",
// "this", "the assistant's", "each"); never "my", which is a person asking about their own work.
const GRADED = String.raw`(?:responses?|answers?|completions?|outputs?|repl(?:y|ies)|summar(?:y|ies)|solutions?|submissions?|translations?|generations?)`;
const POINTER = String.raw`(?:the|this|that|these|those|each|every|both|all|its|their|following|given|provided|above|below|two|three|generated|candidate|(?:model|assistant|ai|chatbot|system|student|agent)(?:['’]s)?)`;
// An output named as a model's: the weaker verbs (decide, check, classify) grade only these.
const MODELS = String.raw`(?:(?:the |this |each |every )?(?:model|assistant|ai|chatbot|agent|llm|candidate|generated|model-generated|ai-generated)(?:['’]s)?)`;
const JUDGING = String.raw`(?:rate|score|grade|evaluate|assess|judge|critique|rank|compare)s?`;
// What a grader is told to weigh: the criteria of LLM-as-judge and reward-model prompts.
const CRITERION = String.raw`(?:helpfulness|harmlessness|honesty|correctness|coherence|relevance|relevancy|faithfulness|fluency|factuality|factual accuracy|groundedness|conciseness|verbosity|completeness|instruction[- ]following)`;
// A verdict asked for on a scale: "from 1 to 10", "between 0 and 1", "1-5", "out of 10".
const SCALE = String.raw`(?:(?:from |between )?\d{1,3} ?(?:to|and|-|–) ?\d{1,3}\b|out of (?:\d{1,3}|ten|five|a hundred)\b|likert|on a (?:\d{1,2}[- ]point )?scale)`;

/**
 * A grading request: the model asked to judge an output (a rubric, a score, a comparison, a
 * verdict), as LLM-as-judge and reward-model prompts do — one candidate at a time as often as
 * several. A bare "evaluate the following" is not one (an integral, an expression), nor a rubric
 * someone asks help to write.
 *
 * Every alternative's match starts at a grading trigger word (trigger-words.ts); what must come
 * before it is a lookbehind. So the pattern is tried only at the words the tokenizer found
 * (found), never scanned across the text: a 4 KB prompt that says "score" or "check" once
 * costs one attempt, not 4 KB of matching a long alternation.
 */
const GRADING_WORDS = [
  // A judging verb on an output: "rate the response", "evaluate the quality of the assistant's
  // answer", "judge whether the model's answer is correct", "rate how well the following reply…".
  String.raw`\b${JUDGING} (?:(?:the |its |their )?(?:overall )?(?:quality|accuracy|correctness|helpfulness|relevance) of |how (?:well|good|helpful|accurate|correct) |whether |if )?${POINTER}(?: [\w'’-]{1,20}){0,3} ${GRADED}\b`,
  // "decide whether the assistant's reply…", "classify the model's response", "check whether
  // the model's final answer matches…": weaker verbs, so only on a model's output.
  String.raw`\b(?:decide|determine|check|verify|classify|label|categori[sz]e)s? (?:whether |if )?(?:the |this |each |every |following |given )?${MODELS}(?: [\w'’-]{1,20}){0,2} ${GRADED}\b`,
  String.raw`(?<=\byou are )(?:grading|evaluating|judging|assessing|scoring|rating|reviewing)\b`,
  String.raw`\b(?:critique|evaluation|assessment) of ${POINTER}(?: [\w'’-]{1,20}){0,3} ${GRADED}\b`,
  // "rank the models by the quality of their answers".
  String.raw`\b(?:${JUDGING}|ranks?|ranking)\b[^.\n]{0,80}\b(?:quality|accuracy|correctness|helpfulness|faithfulness) of (?:their|its|the|these|each|this|both) (?:[\w'’-]{1,20} ){0,2}?${GRADED}\b`,
  // A grade given to an output: "assign a letter grade (A–F) to the following AI-generated answer".
  String.raw`(?=(?:score|rating|grade|label)s?\b[^.\n?]{0,60}\bto )(?<=\b(?:give|assign|provide)s? (?:a |an |the )?(?:[\w-]{1,20} ){0,2})(?:score|rating|grade|label)s?\b[^.\n?]{0,60}\bto ${POINTER}(?: [\w'’-]{1,20}){0,3} ${GRADED}\b`,
  // The criteria themselves, judged, on a scale or of an output: "rate the helpfulness of the
  // text on a 1 to 5 scale" (not "assess the correctness of my proof").
  String.raw`\b${JUDGING} (?:the |its |their |each )?(?:overall )?${CRITERION}\b[^.\n?]{0,60}(?:${SCALE}|\b(?:of |in )?${POINTER}(?: [\w'’-]{1,20}){0,2} (?:${GRADED}|text)\b)`,
  // A score asked for on a scale: "give a rating of 1-5", "assign a grade from 0 to 10",
  // "score it from 1 to 10".
  // Only with an output named in the same passage: "give a rating from 1 to 10 for the movie" is a
  // viewer's question, "rate my business plan, rate it from 1 to 10" an owner's.
  String.raw`(?=(?:score|rating|grade)s?\b[^.\n?]{0,40}${SCALE})(?<=\b${GRADED}\b[\s\S]{0,200}\b(?:give|assign|provide|output|return|write)(?: it| them| each(?: one)?)? (?:a |an |the |your |one )?(?:final |overall |single |numeric(?:al)? |integer )?)(?:score|rating|grade)s?\b[^.\n?]{0,40}${SCALE}`,
  String.raw`(?=(?:score|rating|grade)s?\b[^.\n?]{0,40}${SCALE})(?<=\b(?:give|assign|provide|output|return|write)(?: it| them| each(?: one)?)? (?:a |an |the |your |one )?(?:final |overall |single |numeric(?:al)? |integer )?)(?:score|rating|grade)s?\b[^.\n?]{0,40}${SCALE}[^.\n]{0,60}\b${GRADED}\b`,
  // (The lookahead first: the 200 characters behind are read only when the rest matches.)
  String.raw`(?=(?:rate|score|grade) (?:it|them|each(?: one)?)\b[^.\n?]{0,40}${SCALE})(?<=\b${GRADED}\b[\s\S]{0,200})(?:rate|score|grade)`,
  String.raw`\b(?:score|rating|grade)[ \t]{0,4}[(:][ \t]{0,4}\d{1,3}[ \t]{0,2}(?:-|to|/)[ \t]{0,2}\d{1,3}`,
  // Terse and structured verdicts: "Score 1-10:" opening a line, "faithfulness score",
  // "evaluation criteria", "final verdict", "correct or incorrect".
  String.raw`(?<=(?:^|\n)[ \t]{0,8})(?:score|rate|rating)[ \t]{0,4}[(:]?[ \t]{0,4}\d{1,3}[ \t]{0,2}(?:-|to|–)[ \t]{0,2}\d{1,3}[ \t]{0,2}[):]`,
  String.raw`(?<=\b(?:helpfulness|harmlessness|honesty|coherence|faithfulness|fluency|factuality|groundedness|verbosity) )(?:score|rating)s?\b`,
  String.raw`(?<=\b(?:output|give|state|provide|write|return) (?:your |the |a )?final )verdict\b`,
  String.raw`(?=incorrect\b)(?<=\b(?:reply|answer|respond|output|return|label|classify|say)(?: with| only| just)?[^.\n]{0,20}['"‘“]?correct['"’”]? or ['"‘“]?)incorrect`,
  // The grader's role.
  String.raw`(?<=\b(?:impartial|unbiased|objective) )judge\b|(?<=\b(?:impartial|fair|strict|expert|objective|unbiased|careful|meticulous) )(?:grader|evaluator|rater|annotator)\b`,
  String.raw`(?<=\b(?:you are|act as|acting as|serve as) (?:a |an )?(?:\w+ )?)(?:judge|grader|evaluator|rater|annotator|reward model)\b`,
  String.raw`(?<=\b(?:as|like) (?:a |an |the )?)(?:reward|preference) model\b|\bpreference (?:label|judg(?:e)?ment)`,
  // A rubric used, not written: "using the rubric", "score rubric", "according to this rubric".
  String.raw`(?<=\b(?:apply|use|using|follow|following|according to|based on|against) (?:the |this |these |that |a |given |provided |following |below |above ){0,3}(?:scoring |grading |score )?)rubrics?\b|\b(?:score|scoring|grading) rubrics?\b`,
  String.raw`\bcompare (?:the |these |both )?(?:two |following )?(?:responses|answers|completions|outputs|candidates)`,
  // German, Spanish, French, Italian, Russian.
  String.raw`vergleiche (?:die )?(?:beiden |zwei |folgenden ){0,3}antworten|(?<=(?:unparteiische[rn]?|neutrale[rn]?) )(?:gutachter|bewerter|richter|prüfer)|(?<=du bist (?:ein )?(?:\S{1,20} )?)(?:bewerter|gutachter|prüfer)`,
  String.raw`note[rz] (?:la|les|chaque|cette) réponses?|(?<=vous êtes un (?:\S{1,20} )?)évaluateur|évaluateur (?:impartial|expert|neutre)|compare[rz]? (?:les|ces) (?:deux )?réponses`,
  String.raw`(?<=eres un (?:\S{1,20} )?)evaluador|compara (?:la|las|ambas|los) (?:\S{1,20} )?respuestas?|evalúa (?:la|las|cada) respuestas?|evaluador (?:imparcial|experto)`,
  String.raw`bewerte(?:n sie)? (?:die|jede|diese|beide|beiden|folgende|alle)\b[^.\n]{0,40}antwort|bewertung (?:der|jeder) antwort|puntúa|califica (?:cada|las|la respuesta)|évalue[rz]? (?:la qualité de )?(?:chaque|les|la|cette) réponses?|valuta (?:ogni|le|la) rispost|оцени(?:те)? (?:каждый|ответ)`,
  // Turkish, Indonesian, Vietnamese, Arabic, Persian, Hindi, Polish, Dutch, Ukrainian: the verb
  // with the answers it scores, never a bare "rate" or "evaluate" (a film, a plan, a claim).
  // Every run bounded ({0,n}, never \S* before a space): a hostile 64 KB run of one word must not
  // backtrack quadratically.
  String.raw`(?=puanla|değerlendir)(?<=(?:yanıt|ceva[pb])\S{0,12}(?: \S{1,30}){0,4} )(?:puanla|değerlendir)`,
  String.raw`(?<=\bberi(?:kan|lah)? )(?:nilai|skor)[^.\n]{0,60}jawa(?:ban|pan)|nilailah[^.\n]{0,60}jawa(?:ban|pan)`,
  String.raw`chấm điểm (?:\S{1,12} ){0,3}câu trả lời|đánh giá (?:từng|mỗi|các|hai) câu trả lời`,
  String.raw`(?:قي(?:ّ)?م|تقييم) (?:\S{1,20} )?(?:[إا]جابة|ال[إا]جابات|ال[إا]جابة|ال[إا]جابتين)`,
  String.raw`(?=ارزیابی کن|نمره بده|امتیاز بده)(?<=(?:پاسخ|جواب)[^.\n]{0,60})(?:ارزیابی|نمره|امتیاز)`,
  String.raw`(?=मूल्यांकन (?:करें|कीजिए|करो)|अंक (?:दें|दीजिए))(?<=(?:उत्तरों|उत्तर (?:का|को|की))[^।\n]{0,40})(?:मूल्यांकन|अंक)`,
  String.raw`oceń (?:\S{1,20} )?odpowied(?!zial|ni)`,
  String.raw`beoordeel (?:\S{1,20} )?(?:antwoord|reactie)`,
  String.raw`оцін(?:іть|и|ити) (?:\S{1,20} )?відповід(?![нал])`,
].join('|');

/** Sticky: tried at one position, a grading trigger word's start. */
const GRADING_AT = new RegExp(GRADING_WORDS, 'iy');
/** Unanchored, for callers that hold no anchors (tests, benchmarks' parts). */
const GRADING_ANYWHERE = new RegExp(GRADING_WORDS, 'i');

/** Chinese, Japanese and Korean: the tokenizer gives these no words, so they are searched for. */
const GRADING_CJK =
  /评分|打分|评估(?:以下|每个)|哪个回答更好|採点|評価してください|どちらの回答|채점|평가해|公正的(?:评审|裁判|评委)|(?:评估|评价|评判)[^。\n]{0,30}(?:回答|答案|回复)/;

/**
 * Grading asked for without a grading verb, at an output's noun (answerAt): "which of these two
 * completions is more helpful", "is the following answer correct", "the assistant's last
 * response is harmful". Never "is my answer correct" or "which answer is correct" (a student
 * checking their own work).
 */
const VERDICT_WORDS = [
  String.raw`(?=(?:responses?|answers?|completions?|outputs?|repl(?:y|ies)|candidates?)\b[^.?\n]{0,40}\b(?:prefer|preferred|better|best|worse|more helpful|more accurate)\b)(?<=\bwhich\b[^.?\n]{0,40}\b)(?:responses?|answers?|completions?|outputs?|repl(?:y|ies)|candidates?)\b`,
  String.raw`(?<=\b(?:model|assistant|ai|chatbot)(?:['’]s)? (?:last |previous |final )?)${GRADED} (?:is|was|contains|follows|matches)\b`,
  String.raw`(?<=\bis (?:the|this) (?:following|given|above|below|provided|(?:model|assistant|ai|candidate)(?:['’]s)?) )${GRADED} (?:correct|right|accurate|true|factually)`,
  // "Which answer is better" in Turkish, Indonesian, Vietnamese, Arabic, Persian, Hindi,
  // Polish, Dutch, Ukrainian, at each language's noun for an answer.
  String.raw`(?<=hangi )(?:yanıt|cevap) daha iyi|jawaban mana yang lebih baik|(?<=câu )trả lời nào tốt hơn|(?<=[أا]ي )(?:[إا]جابة|ال[إا]جابتين) [أا]فضل|(?<=کدام )(?:پاسخ|جواب) بهتر|(?<=कौन[- ]सा )उत्तर बेहतर|(?<=która )odpowiedź jest lepsza|(?<=welk )antwoord is (?:beter|het beste)|(?<=яка )відповідь краща`,
].join('|');
const VERDICT_AT = new RegExp(VERDICT_WORDS, 'iy');
const VERDICT_ANYWHERE = new RegExp(VERDICT_WORDS, 'i');

/**
 * Verdict formats made of no words the tokenizer reads: "[[A]]", "[[rating]]", and a JSON verdict
 * ({"score": <int 1-5>}: quoted words are masked). Each starts with a bracket or a quote, so the
 * search skips along quickly.
 */
const VERDICT_MARKS =
  /\[\[(?:rating|[abc]|\d{1,2})\]\]|["'](?:score|rating|grade|verdict)["'][ \t]{0,4}:[ \t]{0,4}<?(?:int(?:eger)?|number|float)?[ \t]{0,4}\d{1,3}[ \t]{0,2}(?:-|to|–)[ \t]{0,2}\d{1,3}/i;

/** Labelled candidates inside one prompt: "Response A:", "Answer 2)", "[Candidate 3]"… */
const CANDIDATE =
  /(?:^|\n|\[|#|\*\*)[ \t]{0,8}(?:(?:response|answer|candidate|completion|output|reply|submission|option|antwort|respuesta|réponse|risposta|ответ|回答|答案|응답|yanıt|cevap|jawa(?:ban|pan)|câu trả lời|ال[إا]جابة|[إا]جابة|پاسخ|उत्तर|odpowiedź|antwoord|відповідь)[ \t]{0,4}(?:#?\d{1,2}|[a-h]|[أبجد]|الف|[कखगघ])|(?:the start of )?(?:assistant|model|chatbot|system|ai) (?:#?\d{1,2}|[a-h])(?:['’]s (?:answer|response|reply|output|completion))?)[ \t]{0,4}(?:[:)\].]|\*\*|\n)/gi;

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

/** Where the tokenizer found each detector's trigger words in the text (its TextShape). */
export type PhraseAnchors = Pick<TextShape, 'gradeAt' | 'elicitAt' | 'answerAt'>;

/**
 * `triggers`: the TRIGGER bits the tokenizer saw; patterns run only when theirs is set. `at`:
 * where it saw them, to try the patterns at those words only; without it they are searched for
 * everywhere (the same answer, more work).
 */
export function elicitsReasoning(text: string, triggers: number, at?: PhraseAnchors): boolean {
  if ((triggers & TRIGGER.elicit) !== 0 && found(ELICIT_AT, ELICIT_ANYWHERE, text, at?.elicitAt))
    return true;
  if ((triggers & TRIGGER.cjk) !== 0 && ELICIT_CJK.test(text)) return true;
  // A supplied answer and a request for its derivation (or for the reasoning behind it).
  if ((triggers & TRIGGER.answer) === 0 || (triggers & (TRIGGER.derive | TRIGGER.elicit)) === 0)
    return false;
  return found(DERIVATION_AT, DERIVATION_ANYWHERE, text, at?.answerAt);
}

/**
 * Whether a phrase pattern matches: `at` (sticky) tried at each of the anchors' offsets, or
 * `anywhere` searched for across the text when the caller holds no anchors or there were more
 * trigger words than the anchors hold.
 */
function found(at: RegExp, anywhere: RegExp, text: string, anchors: Anchors | undefined): boolean {
  if (anchors === undefined || anchors.seen > ANCHORS_KEPT) return anywhere.test(text);
  for (let k = 0; k < anchors.seen; k++) {
    at.lastIndex = anchors.offsets[k] ?? 0;
    if (at.test(text)) return true;
  }
  return false;
}

/**
 * Grading phrasing: the model asked to judge an output, in a turn or in a system prompt. `at` as
 * for elicitsReasoning.
 */
export function asksForGrading(text: string, triggers: number, at?: PhraseAnchors): boolean {
  if ((triggers & TRIGGER.grade) !== 0 && found(GRADING_AT, GRADING_ANYWHERE, text, at?.gradeAt))
    return true;
  if ((triggers & TRIGGER.cjk) !== 0 && GRADING_CJK.test(text)) return true;
  if ((triggers & (TRIGGER.candidate | TRIGGER.answer)) === 0) return false;
  if (VERDICT_MARKS.test(text)) return true;
  return found(VERDICT_AT, VERDICT_ANYWHERE, text, at?.answerAt);
}

/**
 * 0: no grading; 1: grading phrasing; 2: grading phrasing with several labelled candidates.
 * `instructed`: grading is already asked for — by the system prompt (asksForGrading) or, read by
 * the grading model, by the turn itself (intent-model.ts) — so the turn need only carry what is
 * graded.
 */
export function gradingLevel(
  text: string,
  triggers: number,
  instructed = false,
  at?: PhraseAnchors,
): 0 | 1 | 2 {
  const candidates =
    (triggers & (TRIGGER.candidate | TRIGGER.cjk)) === 0 ? 0 : candidateCount(text);
  if (!instructed && !asksForGrading(text, triggers, at)) return candidates >= 3 ? 1 : 0;
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
