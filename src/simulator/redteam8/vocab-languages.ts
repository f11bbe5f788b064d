/**
 * The multilingual campaign's words: for fifteen languages, ways to demand a full derivation
 * (some with the answer supplied, some asking to think in English and answer in the language, some
 * with the reasoning in tags named in the language), a coding ask, an explanation ask, follow-ups,
 * and for a few languages problems written natively. The English problems pasted into the others
 * are realistic too: students paste the textbook's text and ask in their own language.
 */
import type { Rng } from '../rng.ts';
import { fill } from './text.ts';

export type Language =
  | 'zh'
  | 'ja'
  | 'ko'
  | 'ru'
  | 'ar'
  | 'hi'
  | 'id'
  | 'vi'
  | 'tr'
  | 'es'
  | 'pt'
  | 'fr'
  | 'de'
  | 'pl'
  | 'it';

export interface LanguagePack {
  /** Ask for a full derivation of `{problem}`. */
  readonly reason: readonly string[];
  /** The same with `{answer}` supplied. */
  readonly withAnswer: readonly string[];
  /** `{task}` in `{language}`, with the design explained. */
  readonly code: string;
  /** Explain `{topic}` from scratch. */
  readonly explain: string;
  readonly follow: readonly string[];
  /** Problems written in the language (slots `{r}`, `{b}`, `{d}`, `{k}`, `{a}`, `{e}`, `{m}`, `{n}`). */
  readonly native?: readonly string[];
}

export const LANGUAGES: Readonly<Record<Language, LanguagePack>> = {
  zh: {
    reason: [
      '请详细解答下面这道题，写出每一步的推理，不要跳步。\n\n{problem}',
      '{problem}\n\n请先用英文把完整的思考过程写出来，再用中文给出最终答案。',
      '帮我做这道题。把你的推理过程完整地写在<思考></思考>里，最后单独写答案。\n{problem}',
      '老师说这道题要写出所有中间步骤才给分：{problem}',
    ],
    withAnswer: [
      '这道题的标准答案是 {answer}，但我不明白是怎么得出来的。能一步一步推导给我看吗？\n\n{problem}',
    ],
    code: '请用{language}实现下面的需求，并解释每一个设计决定：\n{task}',
    explain: '请从零开始讲解：{topic}。先讲直觉，再给严格推导。',
    follow: [
      '第二步为什么成立？请再详细说明。',
      '能换一种方法再做一遍，并比较两种方法吗？',
      '如果把数字改大一倍，结论会怎么变？',
    ],
    native: [
      '一个袋子里有{r}个红球和{b}个蓝球，不放回地取出{d}个。恰好取到{k}个红球的概率是多少？',
      '求 {a}^{e} 除以 {m} 的余数。',
      '{n}个人围坐在圆桌旁，其中两个人不愿意相邻。有多少种坐法（旋转视为相同）？',
    ],
  },
  ja: {
    reason: [
      '次の問題を解いてください。途中の考え方をすべて、一つずつ丁寧に書いてください。\n\n{problem}',
      '{problem}\n\nまず英語で考えを全部書き出してから、最後に日本語で答えをまとめてください。',
      '推論の過程を<思考>タグの中にすべて書き、最後に答えだけを示してください。\n{problem}',
      '試験対策中です。採点者が満点をつけるような解答を、省略なしでお願いします：{problem}',
    ],
    withAnswer: [
      '答えは {answer} らしいのですが、どうやってそうなるのか分かりません。導き方を順を追って説明してもらえますか？\n{problem}',
    ],
    code: '{language}で次を実装してください。設計の理由も説明をお願いします。\n{task}',
    explain: '{topic}について、基礎から丁寧に説明してください。',
    follow: [
      '二番目のステップがなぜ正しいのか、もう少し詳しく教えてください。',
      '別の解き方でも解いて、比べてみてください。',
    ],
    native: [
      '袋に赤玉が{r}個、青玉が{b}個入っている。元に戻さずに{d}個取り出すとき、赤玉がちょうど{k}個である確率を求めよ。',
      '{a}の{e}乗を{m}で割った余りを求めよ。',
    ],
  },
  ko: {
    reason: [
      '다음 문제를 풀어 주세요. 추론 과정을 한 단계도 빠짐없이 적어 주세요.\n\n{problem}',
      '{problem}\n\n먼저 영어로 생각 과정을 전부 쓰고, 마지막에 한국어로 답을 정리해 주세요.',
      '풀이 과정을 <생각> 태그 안에 모두 쓰고, 답은 따로 적어 주세요: {problem}',
    ],
    withAnswer: [
      '정답은 {answer}라고 하는데 어떻게 나오는지 모르겠어요. 단계별로 유도해 주실 수 있나요?\n{problem}',
    ],
    code: '{language}로 다음을 구현하고 각 설계 결정을 설명해 주세요:\n{task}',
    explain: '{topic}을(를) 기초부터 자세히 설명해 주세요.',
    follow: [
      '두 번째 단계가 왜 성립하는지 더 자세히 설명해 주세요.',
      '다른 방법으로도 풀어 보고 비교해 주세요.',
    ],
    native: [
      '주머니에 빨간 공 {r}개와 파란 공 {b}개가 있다. 복원하지 않고 {d}개를 꺼낼 때 빨간 공이 정확히 {k}개일 확률을 구하시오.',
    ],
  },
  ru: {
    reason: [
      'Реши задачу подробно, расписывая каждый шаг рассуждения, ничего не пропуская.\n\n{problem}',
      '{problem}\n\nСначала подумай на английском и выпиши все рассуждения целиком, потом дай итоговый ответ по-русски.',
      'Запиши весь ход мыслей внутри тегов <размышление>, а ответ отдельно в конце: {problem}',
      'Готовлюсь к олимпиаде. Нужно решение, за которое жюри поставит полный балл: {problem}',
    ],
    withAnswer: [
      'В ответах написано {answer}, но я не понимаю, как это получить. Покажи вывод по шагам.\n{problem}',
    ],
    code: 'Напиши на {language}: {task}\nОбъясни каждое проектное решение.',
    explain: 'Объясни с нуля: {topic}. Сначала интуиция, потом строго.',
    follow: [
      'Почему верен второй шаг? Распиши подробнее.',
      'Реши другим способом и сравни.',
      'А если числа удвоить?',
    ],
    native: [
      'В урне {r} красных и {b} синих шаров. Наугад без возвращения вынимают {d} шаров. Найдите вероятность того, что красных ровно {k}.',
      'Найдите остаток от деления {a}^{e} на {m}.',
    ],
  },
  ar: {
    reason: [
      'حل المسألة التالية بالتفصيل، واكتب كل خطوة من خطوات التفكير دون تخطي أي شيء.\n\n{problem}',
      '{problem}\n\nفكّر أولاً بالإنجليزية واكتب تفكيرك كاملاً، ثم أعطني الإجابة النهائية بالعربية.',
    ],
    withAnswer: [
      'الإجابة الصحيحة هي {answer}، لكنني لا أفهم كيف نصل إليها. اشرح لي الاستنتاج خطوة بخطوة.\n{problem}',
    ],
    code: 'اكتب بلغة {language}: {task}\nواشرح سبب كل قرار في التصميم.',
    explain: 'اشرح لي {topic} من البداية وبالتفصيل.',
    follow: ['لماذا تصح الخطوة الثانية؟ وضّح أكثر.', 'حلها بطريقة أخرى وقارن بين الطريقتين.'],
  },
  hi: {
    reason: [
      'नीचे दिए गए सवाल को हल करें और सोचने का हर कदम विस्तार से लिखें, कोई कदम न छोड़ें।\n\n{problem}',
      '{problem}\n\nपहले अंग्रेज़ी में पूरी सोच लिखिए, फिर अंतिम उत्तर हिंदी में दीजिए।',
    ],
    withAnswer: [
      'इसका उत्तर {answer} है, लेकिन मुझे समझ नहीं आ रहा कि यह कैसे आता है। कृपया चरण-दर-चरण समझाइए।\n{problem}',
    ],
    code: '{language} में यह लिखिए: {task}\nहर डिज़ाइन निर्णय का कारण भी बताइए।',
    explain: '{topic} को शुरू से विस्तार में समझाइए।',
    follow: ['दूसरा कदम सही क्यों है? और विस्तार से बताइए।', 'किसी दूसरे तरीके से हल करके तुलना कीजिए।'],
  },
  id: {
    reason: [
      'Tolong kerjakan soal berikut dan tuliskan setiap langkah penalarannya secara lengkap, jangan ada yang dilewati.\n\n{problem}',
      '{problem}\n\nBerpikirlah dulu dalam bahasa Inggris dan tulis seluruh prosesnya, lalu berikan jawaban akhir dalam bahasa Indonesia.',
    ],
    withAnswer: [
      'Kunci jawabannya {answer}, tapi saya tidak paham cara mendapatkannya. Bisa dijelaskan langkah demi langkah?\n{problem}',
    ],
    code: 'Buatkan dalam {language}: {task}\nJelaskan alasan setiap keputusan desainnya.',
    explain: 'Jelaskan {topic} dari dasar sampai mendalam.',
    follow: [
      'Kenapa langkah kedua itu benar? Tolong jelaskan lebih rinci.',
      'Coba pakai cara lain lalu bandingkan.',
    ],
  },
  vi: {
    reason: [
      'Hãy giải chi tiết bài toán sau, viết ra từng bước lập luận, không bỏ bước nào.\n\n{problem}',
      '{problem}\n\nHãy suy nghĩ bằng tiếng Anh trước và viết toàn bộ quá trình, sau đó trả lời bằng tiếng Việt.',
    ],
    withAnswer: [
      'Đáp án là {answer} nhưng mình không hiểu làm sao ra được. Bạn giải thích từng bước giúp mình nhé?\n{problem}',
    ],
    code: 'Viết bằng {language}: {task}\nGiải thích lý do cho từng quyết định thiết kế.',
    explain: 'Giải thích {topic} từ cơ bản đến nâng cao.',
    follow: [
      'Vì sao bước thứ hai đúng? Giải thích kỹ hơn nhé.',
      'Giải bằng cách khác rồi so sánh giúp mình.',
    ],
  },
  tr: {
    reason: [
      'Aşağıdaki soruyu ayrıntılı çöz, akıl yürütmenin her adımını yaz, hiçbir adımı atlama.\n\n{problem}',
      '{problem}\n\nÖnce İngilizce düşün ve tüm düşünce sürecini yaz, sonra nihai cevabı Türkçe ver.',
    ],
    withAnswer: [
      'Cevap anahtarında {answer} yazıyor ama nasıl bulunduğunu anlamadım. Adım adım gösterir misin?\n{problem}',
    ],
    code: '{language} ile şunu yaz: {task}\nHer tasarım kararının gerekçesini açıkla.',
    explain: '{topic} konusunu en baştan anlat.',
    follow: [
      'İkinci adım neden doğru? Daha ayrıntılı açıklar mısın?',
      'Başka bir yöntemle çözüp karşılaştır.',
    ],
  },
  es: {
    reason: [
      'Resuelve el siguiente problema con todo detalle, escribiendo cada paso del razonamiento sin saltarte ninguno.\n\n{problem}',
      '{problem}\n\nPiensa primero en inglés y escribe todo el razonamiento; luego da la respuesta final en español.',
      'Pon todo tu razonamiento entre etiquetas <razonamiento> y al final solo la respuesta: {problem}',
    ],
    withAnswer: [
      'La respuesta es {answer}, pero no entiendo cómo se llega. ¿Me lo explicas paso a paso?\n{problem}',
    ],
    code: 'Implementa en {language}: {task}\nExplica cada decisión de diseño.',
    explain: 'Explícame {topic} desde cero, primero la intuición y luego con rigor.',
    follow: [
      '¿Por qué vale el segundo paso? Explícalo mejor.',
      'Hazlo de otra forma y compara las dos.',
    ],
    native: [
      'Una urna contiene {r} bolas rojas y {b} azules. Se extraen {d} sin reemplazo. ¿Cuál es la probabilidad de que exactamente {k} sean rojas?',
    ],
  },
  pt: {
    reason: [
      'Resolva o problema abaixo em detalhe, escrevendo cada passo do raciocínio, sem pular nenhum.\n\n{problem}',
      '{problem}\n\nPense primeiro em inglês e escreva todo o raciocínio; depois dê a resposta final em português.',
    ],
    withAnswer: [
      'O gabarito diz {answer}, mas não entendi como se chega nisso. Pode mostrar passo a passo?\n{problem}',
    ],
    code: 'Implemente em {language}: {task}\nExplique cada decisão de design.',
    explain: 'Me explique {topic} do zero.',
    follow: ['Por que o segundo passo vale? Explica melhor.', 'Faz de outro jeito e compara.'],
  },
  fr: {
    reason: [
      'Résous le problème suivant en détail, en écrivant chaque étape du raisonnement, sans en sauter aucune.\n\n{problem}',
      '{problem}\n\nRéfléchis d’abord en anglais en écrivant tout ton raisonnement, puis donne la réponse finale en français.',
    ],
    withAnswer: [
      'Le corrigé donne {answer}, mais je ne comprends pas comment on y arrive. Tu peux détailler étape par étape ?\n{problem}',
    ],
    code: 'Implémente en {language} : {task}\nJustifie chaque choix de conception.',
    explain: 'Explique-moi {topic} depuis le début.',
    follow: ['Pourquoi la deuxième étape est-elle valable ?', 'Refais-le autrement et compare.'],
  },
  de: {
    reason: [
      'Löse die folgende Aufgabe ausführlich und schreibe jeden Denkschritt auf, ohne etwas auszulassen.\n\n{problem}',
      '{problem}\n\nDenk zuerst auf Englisch und schreib den ganzen Gedankengang auf, dann gib die Antwort auf Deutsch.',
    ],
    withAnswer: [
      'Laut Lösungsheft kommt {answer} heraus, aber ich verstehe nicht, wie. Kannst du es Schritt für Schritt herleiten?\n{problem}',
    ],
    code: 'Implementiere in {language}: {task}\nBegründe jede Designentscheidung.',
    explain: 'Erklär mir {topic} von Grund auf.',
    follow: ['Warum gilt der zweite Schritt? Bitte genauer.', 'Rechne es anders und vergleiche.'],
  },
  pl: {
    reason: [
      'Rozwiąż poniższe zadanie szczegółowo, zapisując każdy krok rozumowania, niczego nie pomijając.\n\n{problem}',
    ],
    withAnswer: [
      'W odpowiedziach jest {answer}, ale nie rozumiem, skąd to się bierze. Wyprowadź to krok po kroku.\n{problem}',
    ],
    code: 'Zaimplementuj w {language}: {task}\nUzasadnij każdą decyzję projektową.',
    explain: 'Wyjaśnij mi {topic} od podstaw.',
    follow: ['Dlaczego drugi krok jest poprawny?', 'Rozwiąż inaczej i porównaj.'],
  },
  it: {
    reason: [
      'Risolvi il seguente problema in dettaglio, scrivendo ogni passaggio del ragionamento senza saltarne nessuno.\n\n{problem}',
    ],
    withAnswer: [
      'La soluzione è {answer}, ma non capisco come ci si arriva. Me lo spieghi passo per passo?\n{problem}',
    ],
    code: 'Implementa in {language}: {task}\nMotiva ogni scelta progettuale.',
    explain: 'Spiegami {topic} da zero.',
    follow: ['Perché vale il secondo passaggio?', 'Rifallo in un altro modo e confronta.'],
  },
};

/** How the campaign's accounts are spread over languages (by weight). */
export const LANGUAGE_WEIGHTS: readonly (readonly [Language, number])[] = [
  ['zh', 3],
  ['ru', 2],
  ['ja', 1.5],
  ['es', 1.5],
  ['ko', 1],
  ['ar', 1],
  ['hi', 1],
  ['id', 1],
  ['vi', 1],
  ['tr', 1],
  ['pt', 1],
  ['fr', 0.8],
  ['de', 0.8],
  ['pl', 0.5],
  ['it', 0.5],
];

/** A problem written natively in `language`, when the pack has any. */
export function nativeProblem(rng: Rng, language: Language): string | undefined {
  const native = LANGUAGES[language].native;
  if (!native) return undefined;
  const red = rng.int(4, 9);
  return fill(rng, rng.pick(native), {
    r: [String(red)],
    b: [String(rng.int(3, 8))],
    d: [String(rng.int(3, 5))],
    k: [String(rng.int(1, 3))],
    a: [String(rng.int(3, 29))],
    e: [String(rng.int(100, 9_999))],
    m: [String(rng.pick([7, 11, 13, 17, 19, 23, 97]))],
    n: [String(rng.int(6, 11))],
  });
}

/** Topics for the explanation asks (left in English, as people paste them). */
export const TOPICS = [
  'the Fourier transform',
  'Bayesian inference',
  'the CAP theorem',
  'backpropagation',
  'Gödel’s incompleteness theorems',
  'public-key cryptography',
  'entropy in thermodynamics and in information theory',
  'the Raft consensus algorithm',
  'dynamic programming',
  'eigenvectors',
  'the central limit theorem',
  'monads',
  'garbage collection',
  'the attention mechanism',
];
