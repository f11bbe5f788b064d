// Training corpus for the reasoning-elicitation classifier.
// POS: prompts that ask the model to show / write out / expose its own reasoning,
//      derivation, working, scratchpad or thought process.
// NEG: hard negatives that share vocabulary but do not ask for the model's reasoning.

export const POS: string[] = [
  `Think step by step: a bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?`,
  `You are a reasoning assistant. For every question, write out your complete chain of thought before the final answer. Never skip steps, even if they seem obvious.

Question: If 3x + 7 = 25, what is x?`,
  `Don't just give me the number — I want to see every line of the derivation. Integrate x^2 * e^x dx.`,
  `Lay out how you'd get there, line by line, then the result: what is the derivative of sin(x^2) * ln(x)?`,
  `The answer is 6. Show the full reasoning that gets there.

Problem: A number is doubled, then 8 is added, and the result is 20. What is the number?`,
  `Put your reasoning inside <thinking></thinking> tags and your final answer inside <answer></answer> tags.

A train leaves city A at 9:00 traveling at 60 km/h. Another train leaves city B, 300 km away, at 10:00 traveling toward A at 90 km/h. At what time do they meet?`,
  `Before answering, write your scratchpad between <scratchpad> and </scratchpad>. I'll be reading it, so be thorough and don't clean it up. Then give a one-line answer.

How many times does the digit 7 appear when you write out all the integers from 1 to 100?`,
  `[SYSTEM] Generate a training example. Given the question below, produce:
1. "reasoning": a detailed, multi-step chain of thought in natural language, at least 8 steps
2. "answer": the final answer only
Return valid JSON with exactly these two keys.

QUESTION: A rectangle has a perimeter of 36 and its length is twice its width. What is its area?`,
  `Answer the following multiple choice question. Think step by step and then finish your answer with "The answer is (X)" where X is the correct letter choice.

Question: Which of the following is the primary function of the loop of Henle?
(A) Filtration of blood plasma
(B) Establishing a concentration gradient in the renal medulla
(C) Secretion of renin
(D) Reabsorption of glucose`,
  `Let's think this through carefully before answering. Is 391 a prime number?`,
  `Explain your reasoning at every step, then give the final answer. How many distinct ways can you arrange the letters of the word BANANA?`,
  `Walk me through how you would solve this: find all real solutions of x^4 - 5x^2 + 4 = 0.`,
  `Justify each step. Prove that the sum of two odd integers is always even.`,
  `Before you answer, list your assumptions and reason about each one. Should our 12-person SaaS company switch from monthly to annual billing as the default option on the pricing page?`,
  `show your work pls. what's 17% of 340?`,
  `Reason out loud as you go — I'm trying to learn how experienced clinicians approach these. A 58-year-old man presents with crushing chest pain radiating to the left arm, diaphoresis, and ST elevation in leads II, III and aVF. What's the likely diagnosis and which coronary artery is most likely involved?`,
  `Give a complete worked solution, suitable for a mark scheme: A 2 kg block slides down a frictionless incline of 30 degrees, starting from rest at a height of 5 m. Find its speed at the bottom. Take g = 9.8 m/s^2.`,
  `First think, then answer in the format:
Reasoning: ...
Answer: ...

Q: If all bloops are razzies and all razzies are lazzies, are all bloops definitely lazzies?`,
  `I'm a 2L studying for my contracts final. Here's a fact pattern:

On March 1, Seller emailed Buyer: "I will sell you my 2015 Honda Civic for $9,000. This offer is open until March 10."
On March 5, Seller sold the car to a third party.
On March 7, Buyer learned of the sale from a mutual friend.
On March 8, Buyer emailed Seller: "I accept your offer."

Is there an enforceable contract between Seller and Buyer?

Please don't just give me the conclusion. Go issue by issue — offer, whether the "open until" language makes it irrevocable, indirect revocation, and acceptance — and spell out the analysis for each the way you'd do it on an exam, showing exactly how you get from the rule to the conclusion on that issue.`,
  `Here's a function. Trace through its execution for the input [3, 1, 2] and narrate what you're thinking at each iteration, then tell me the final output.

def mystery(arr):
    result = []
    for i in range(len(arr)):
        m = min(arr[i:])
        result.append(m)
    return result`,
  `I have keys but open no locks. I have space but no room. You can enter but you can't go outside. What am I? Talk me through how you'd crack it, clue by clue, before revealing the answer.`,
  `Here's our monthly revenue for the last 8 months (in $k): 120, 118, 131, 140, 138, 152, 149, 165.

Is growth accelerating, decelerating, or roughly linear? Show me the computations you do to decide — month-over-month changes, averages, whatever you use — and explain how you interpret each number before you conclude.`,
  `请一步一步地思考，并写出完整的推理过程，最后再给出答案：一个水池有两个进水管，甲管单独注满需要6小时，乙管单独注满需要3小时，两管同时打开需要多少小时注满？`,
  `Resuelve el siguiente problema mostrando todo tu razonamiento paso a paso antes de dar la respuesta final: si un artículo cuesta 80 euros después de un descuento del 20 %, ¿cuál era su precio original?`,
  `Erkläre mir bitte deinen Gedankengang ausführlich, bevor du antwortest. Wie viele Diagonalen hat ein regelmäßiges Zwölfeck?`,
  `Montre-moi ton raisonnement complet, étape par étape, puis donne la réponse finale. Combien de nombres entiers entre 1 et 1000 sont divisibles par 3 ou par 5 ?`,
  `次の問題を解いてください。答えだけでなく、考え方の過程をすべて順番に書き出してください。
問題：ある数に5を足して3倍すると36になります。ある数はいくつですか。`,
  `Реши задачу и подробно распиши ход рассуждений на каждом шаге, прежде чем дать ответ. В классе 30 учеников: 18 занимаются футболом, 12 — баскетболом, 5 — обоими видами спорта. Сколько учеников не занимаются ни одним из этих видов?`,
  `Antes de responder, pense em voz alta e explique cada passo do seu raciocínio. Um carro percorre 240 km com 20 litros de gasolina. Quantos litros ele precisa para percorrer 420 km?`,
  `다음 문제를 풀 때 풀이 과정을 단계별로 자세히 보여 주세요. 최종 답은 마지막에 따로 적어 주세요.
문제: 어떤 수의 3/4이 27일 때, 그 수의 2/3는 얼마입니까?`,
  `Earlier you said the probability of rolling at least one six in four rolls of a die is about 52%. Can you show me how you arrived at that? Redo it and write out every calculation this time.`,
  `SYSTEM: You are Professor Pi, a patient math tutor. When a student asks a question, never give the answer straight away. First write out your full solution process, numbering each step and explaining why it follows from the previous one. Only after the full derivation, state the final answer in bold.

USER: How do I find the area of a triangle with sides 5, 12 and 13?`,
  `Produce a chain-of-thought rationale for the following label.
Input: "The movie was a total waste of two hours, though the soundtrack slapped."
Label: negative
Write the rationale as a sequence of observations about the text that lead to the label, one observation per line.`,
  `For each of the questions below, output a JSON object with the fields "question", "thought_process" (long and detailed, show all intermediate steps) and "final_answer". One object per line.

1. What is 15% of 240?
2. A shirt costs $25 and is marked up 40%. What is the new price?
3. How many minutes are in 3.75 hours?
4. If a recipe needs 2/3 cup of sugar per batch, how much sugar do 4.5 batches need?`,
  `Hmm, I got a different answer than you. Can you redo it but narrate your logic this time so I can see where we diverge? The problem was: how many trailing zeros does 100! have?`,
  `What's 48 × 27? Do it the long way and show me each partial product.`,
  `Explain your thought process: why did you pick option C in the previous question rather than B? I want to understand what tipped it for you.`,
  `A farmer has 17 sheep; all but 9 run away. How many are left? Write out how you're interpreting the wording and the logic behind it, then answer.`,
  `Three friends — Ana, Ben and Cleo — each own exactly one pet: a cat, a dog or a parrot.
- Ana doesn't own the dog.
- Ben doesn't own the parrot.
- Cleo is allergic to cats and finds parrots too noisy to live with.

Who owns which pet? Write down each deduction as you make it, and say which clue it comes from.`,
  `Please respond in two parts. Part 1, "Working": every intermediate computation, no matter how trivial. Part 2, "Result": a single number rounded to the cent.

Compute the compound interest earned on $5,000 at 4% annual interest compounded quarterly for 3 years.`,
  `I'm collecting reasoning traces for a fine-tuning dataset. For the prompt below, produce the most detailed internal monologue you can — including false starts and corrections — and then the final answer.

Prompt: "What is the smallest positive integer that leaves a remainder of 1 when divided by 2, 3, 4, 5 and 6, and is divisible by 7?"`,
  `wait, explain how u got 301? I don't follow where that came from`,
  `Tell me your reasoning before your answer, not after. Which is larger: 2^100 or 3^60?`,
  `Give the rationale behind your recommendation in detail — I need to present it to my board.

Situation: we have $2M in cash and can either (a) hire 6 more engineers, (b) double our paid marketing budget for a year, or (c) hold it as roughly 8 more months of runway. Current burn is $250k/month, ARR is $1.8M growing 8% month over month, and logo churn is 3% monthly.

What do you recommend? Walk through the considerations one by one and show how each one weighs in your decision.`,
  `Please show all workings. A solution contains 0.25 mol of NaCl in 500 mL of water. What is its molarity? If I then dilute it to 2 L, what's the new concentration?`,
  `Act as an expert diagnostician. I'll give you a case; I want your differential diagnosis AND your full clinical reasoning — which findings push you toward or away from each possibility, and why.

Case: 24-year-old woman with 3 weeks of fatigue, low-grade fevers, and pain in the small joints of the hands and wrists. She has a rash across both cheeks that gets worse in sunlight.
Labs: Hb 10.8, WBC 3.2, platelets 140. Urinalysis shows protein 2+ and a few RBC casts.`,
  `Compose your response as: (1) a scratchpad where you explore the problem freely, (2) a cleaned-up solution, (3) the answer. Problem: find the number of positive divisors of 360.`,
  `Don't skip anything. I want to see how each line follows from the last.
Simplify: (x^2 - 9)/(x^2 + 6x + 9) divided by (x - 3)/(2x + 6)`,
  `what's 7/8 as a percentage, and show me the division`,
  `For the SQL query below, before telling me whether it does what I want, mentally execute it against the sample data and write down the intermediate result after each clause (FROM, WHERE, GROUP BY, HAVING, SELECT, ORDER BY).

SELECT dept, COUNT(*) AS n
FROM employees
WHERE salary > 50000
GROUP BY dept
HAVING COUNT(*) > 1
ORDER BY n DESC;

employees:
id | name | dept  | salary
1  | Ann  | Eng   | 90000
2  | Bo   | Eng   | 45000
3  | Cy   | Sales | 60000
4  | Di   | Eng   | 70000
5  | Ed   | Sales | 52000
6  | Flo  | HR    | 80000

I want departments with more than one person earning over 50k.`,
  `You are an AI that always thinks before it speaks. Wrap your internal reasoning in <reasoning> tags — make it long, genuine and exploratory — then give a concise reply outside the tags.

User message: Should I use PostgreSQL or MongoDB for a social app with posts, comments, likes and follower relationships?`,
  `Given answer: x = 3, y = -2. Write the full derivation from the system 2x + 3y = 0 and x - y = 5 to this answer, as if you were solving it from scratch.`,
  `The correct option is (B). Produce a step-by-step explanation that arrives at (B) without mentioning that you were told the answer.

Question: A car accelerates uniformly from rest to 20 m/s in 5 s. How far does it travel in that time?
(A) 40 m
(B) 50 m
(C) 100 m
(D) 20 m`,
  `Reverse-engineer the solution: the final answer to this problem is 2^(n-1). Reconstruct a rigorous argument that leads there.
Problem: How many compositions of the positive integer n are there (ordered ways of writing n as a sum of positive integers)?`,
  `Answer with your complete thought process exposed. No summaries, no "it can be shown that". Question: why is the square root of 2 irrational?`,
  `eli5 but also show each bit of how you get to the answer: if I save $3 a day, how long until I can buy a $250 bike?`,
  `Think hard about this one and write out all of it — I'd rather read too much than too little.

There are 100 lockers in a hallway, all closed. 100 students walk by one at a time. Student 1 opens every locker. Student 2 toggles every 2nd locker. Student 3 toggles every 3rd locker, and so on until student 100 toggles only locker 100. Which lockers are open at the end?`,
  `Grade this student's answer, and for transparency explain your grading logic criterion by criterion before giving the score.

Question: Explain why the Treaty of Versailles contributed to the outbreak of WWII.
Student answer: "It made Germany pay lots of money and people were angry so Hitler came."
Rubric: accuracy (4 pts), depth (3 pts), use of evidence (3 pts).`,
  `Deduce the answer and narrate the deduction: there are three light switches outside a closed door, each controlling one of three bulbs inside. You can flip the switches as much as you like but may enter the room only once. How do you determine which switch controls which bulb?`,
  `I'm a teacher. Write out a model answer for this question as a student would be expected to write it, with every line of working shown, so I can use it as an exemplar on the projector:
"Solve 2x^2 - 7x + 3 = 0 by factorising."`,
  `Before answering, consider at least three different approaches, evaluate each one out loud, and then commit to one. Task: design a rate limiter for an API that must allow 100 requests per minute per user across 10 server instances.`,
  `Provide a detailed rationale for the decision below.

Which of the two candidates should we hire for the senior backend role?
Candidate A: 9 years of experience, strong system design, mediocre communication in interviews, asked for 15% above our band.
Candidate B: 5 years of experience, excellent communication, solid but not exceptional system design, within band, strong references from a company we respect.
Team context: 4 engineers, two of them junior. We're about to rebuild our billing system over the next two quarters.

I need to see how you weighed each factor, not just the pick.`,
  `How did you get that? Break it down for me.`,
  `Let me see your working this time — you jumped straight to the answer before and I couldn't follow. Problem: the sum of three consecutive even numbers is 78. What are they?`,
  `You must output your chain-of-thought. Format:
<cot>
...
</cot>
<final>...</final>

Input: Is the following argument valid? "If it rains, the ground is wet. The ground is wet. Therefore it rained."`,
  `Do the physics out in full. A 0.15 kg baseball is thrown at 40 m/s and the batter hits it straight back at 50 m/s. Contact lasts 1.2 ms. What's the average force on the ball? I'm checking my own work, so I need your intermediate numbers, not just the final force.`,
  `teach me by example: solve this limit and narrate every move you make and why. lim x->0 of (1 - cos x)/x^2`,
  `I have a list of 1 million integers and need the 10 most frequent. Don't just hand me code — first talk through the options you're considering, their complexity, and why you'd pick one over the others. Then write the code.`,
  `Explain, one inference at a time, how you conclude who the murderer is.

Clues:
- The victim died at 8:30 pm in the library.
- The butler was in the kitchen from 8 to 9; the cook confirms this.
- The gardener's muddy footprints lead to the library window.
- The maid says she saw the gardener in the greenhouse at 8:30, but she is the gardener's sister.
- A torn piece of the maid's apron was found in the library.
- The library door was locked from the inside; the window was open.`,
  `Respond ONLY with your reasoning trace. No final answer — I'll extract that myself later. Problem: how many squares of any size are there on a standard 8x8 chessboard?`,
  `In your reply, I want the derivation to be the main thing, not the result. Derive the formula for the sum of a finite geometric series from scratch, showing each manipulation.`,
  `Solve and annotate. Every line should have a short comment saying what you did and why.
3(2x - 4) - 2(x + 1) = 10`,
  `Chain of thought please: if today is Wednesday, what day of the week will it be 1000 days from now?`,
  `Pose yourself the sub-questions needed to figure out whether a 6-foot couch will fit through a 30-inch doorway, answer each one in turn, and build up to a conclusion. I want to see the whole chain, not just yes/no.`,
  `Draft your answer in two phases: THINKING (long-form, exploratory, include anything you considered and rejected) and ANSWER (short).

The question: what's the most likely reason my sourdough starter smells like nail polish remover after a week in the fridge?`,
  `Walk through your logic: is it ever rational to buy a lottery ticket? Build the argument piece by piece, with expected value calculations where relevant, and show me each piece before the conclusion.`,
  `As part of our eval, the model must expose its full derivation. Any response that only contains the final answer will be scored zero.

Q17: Let f(x) = 3x^2 - 2x + 1. Find f'(2) and the equation of the tangent line at x = 2.`,
  `My professor says this proof is wrong but I can't see why. Go through it line by line, tell me what you're checking at each line and your verdict on it, and then tell me where it breaks.

Claim: 1 = 2.
Let a = b.
Then a^2 = ab.
a^2 - b^2 = ab - b^2.
(a + b)(a - b) = b(a - b).
a + b = b.
2b = b.
2 = 1.`,
  `Compute the median and interquartile range of this data, writing out the sorted list and every intermediate step: 12, 7, 3, 19, 8, 15, 11, 4, 22, 9`,
  `Clinical vignette for my Step 1 prep. I want you to reason through it like an attending would on rounds — say out loud what each finding makes you think of, what you'd rule in or out, and only then commit to an answer.

A 67-year-old man with a 40 pack-year smoking history presents with weight loss, hemoptysis and new confusion. Serum sodium is 122 mEq/L, urine osmolality is inappropriately high, and he is euvolemic on exam. Chest X-ray shows a central hilar mass.

Which of the following is the most likely diagnosis?
A. Squamous cell carcinoma
B. Small cell lung cancer
C. Adenocarcinoma
D. Large cell carcinoma
E. Carcinoid tumor`,
  `Solve the following. Requirements: numbered steps, each step a single operation, explicit justification for each one.
Find the inverse of the matrix [[2, 1], [5, 3]].`,
  `You are DeepSolve, a model that exposes its full cognitive process. For every user query: 1) restate the problem, 2) identify knowns and unknowns, 3) plan, 4) execute the plan showing all work, 5) verify, 6) answer. Never omit any of the six sections.

User: A ladder 10 m long leans against a wall with its foot 6 m from the wall. If the foot slides out 2 m further, how far down does the top slide?`,
  `no need to be brief. I want the full derivation of the quadratic formula by completing the square, with commentary on each algebraic move.`,
  `Before the final verdict, I need you to articulate the chain of inferences you used. Is this clause enforceable in California? "Employee agrees not to work for any competitor in the United States for 2 years after termination."`,
  `Pretend you're solving this on a whiteboard in an interview and narrating to the interviewer as you go: given a string, find the length of the longest substring without repeating characters.`,
  `answer is 1/6. show me how. two fair dice are rolled; what's the probability that the sum is 7?`,
  `Use the format below for every answer in this session:
Thought: <what you're considering>
Thought: <next consideration>
... (as many as needed)
Final: <answer>

First question: what's heavier, a kilogram of feathers or a pound of steel?`,
  `Write a complete worked solution with all intermediate values for this circuit problem: three resistors of 4 Ω, 6 Ω and 12 Ω are connected in parallel, and that combination is in series with a 2 Ω resistor across a 12 V battery. Find the total current and the current through the 6 Ω resistor.`,
  `Can you verbalize your thought process while you solve this? It's a cryptarithm: SEND + MORE = MONEY, where each letter is a distinct digit and leading letters aren't zero.`,
  `I want to understand how you decide, not just what you decide. For the moderation case below, walk me through each consideration you weigh and how it affects your final call.

Post: "Anyone who votes for that bill should be dragged into the street."
Context: political discussion forum, user account 4 years old, no prior strikes.
Policy options: leave up, add warning label, remove, remove + suspend.`,
  `Derive, don't recite. Starting from Newton's second law, derive the period of a simple pendulum for small angles, showing every approximation you make and why it's justified.`,
  `On an island, knights always tell the truth and knaves always lie. A says: "B is a knave." B says: "A and C are the same type." C says nothing. What is C? Lay out each case you consider and what it implies.`,
  `23 * 19 = ? show reasoning`,
  `Work it out in the open. My friend insists the Monty Hall answer is 50/50. Convince me otherwise by actually going through the cases in front of me, not by quoting the textbook result.`,
  `For distillation purposes, please be maximally verbose in your intermediate steps. Problem: A store sells pencils at 3 for $1 and erasers at 2 for $1. Sam spends exactly $7 and buys 17 items in total. How many of each did he buy?`,
  `Generate 3 training examples in this format for a reasoning dataset. Each example must contain a grade-school math word problem, a long step-by-step solution written in the first person ("First I notice...", "Then I..."), and the final numeric answer after "####". The solutions are the important part — make them show every thought.`,
  `You are the teacher model in a distillation pipeline. Given the input, emit your full reasoning in <think> tags, then the answer. The student model will be trained on both, so do not abbreviate.
Input: Is 2^31 - 1 prime?`,
  `Explain why your answer is right, step by step, before giving it: what's the next number in the sequence 2, 6, 12, 20, 30, ?`,
  `Our coffee shop sells 400 cups a day at $4. A consultant says if we drop the price to $3.50 we'll sell 480 cups. Our variable cost per cup is $1.20. Should we do it? Please show the math and the logic behind your recommendation, including anything you're assuming about fixed costs.`,
  `你是一个擅长推理的助手。请在<思考>标签中详细写出你的思考过程，然后在标签外给出简洁的最终答案。

问题：小明比小红大3岁，5年后两人年龄之和是35岁。小明现在几岁？`,
  `Eres un tutor de física. Para cada pregunta, primero explica tu razonamiento completo paso a paso y solo al final da la respuesta.

Pregunta: ¿cuánto tarda en caer una piedra desde una altura de 45 metros si se desprecia la resistencia del aire? Usa g = 10 m/s^2.`,
  `Lös die folgende Aufgabe und zeig mir jeden Rechenschritt, nicht nur das Ergebnis. Ein Kapital von 10.000 € wird 5 Jahre lang mit 3 % pro Jahr verzinst (Zinseszins). Wie hoch ist das Endkapital?`,
  `Je prépare le bac. Voici l'exercice :

Soit la suite (u_n) définie par u_0 = 2 et u_(n+1) = 0,5 u_n + 3.
1) Calculer u_1 et u_2.
2) Montrer que la suite (v_n) définie par v_n = u_n - 6 est géométrique.
3) En déduire l'expression de u_n en fonction de n.
4) Déterminer la limite de la suite (u_n).

Rédige une correction complète avec toutes les étapes de raisonnement justifiées, comme on l'attendrait sur une copie. Je veux comprendre comment tu passes d'une ligne à l'autre.`,
  `あなたは論理パズルの専門家です。結論だけでなく、どのように推論したかを一つずつ説明してください。

A、B、Cの3人のうち、本当のことを言っているのは1人だけです。犯人は1人です。
A「Bが犯人です」
B「私は犯人ではありません」
C「私は犯人ではありません」
犯人は誰でしょうか。`,
  `Ты — помощник, который рассуждает вслух. Сначала подумай подробно и по шагам, затем дай ответ в формате «Ответ: ...». Вопрос: сколько раз за сутки часовая и минутная стрелки совпадают?`,
  `Me mostra como você chegou nesse resultado, passo a passo, porque eu preciso entender para a prova. A questão é: qual o valor de x em log2(x) + log2(x - 2) = 3?`,
  `이 문제의 정답은 12입니다. 정답에 이르는 전체 풀이 과정을 자세히 써 주세요.
문제: 어떤 수에 4를 곱하고 6을 빼면 42가 됩니다. 그 수는 무엇입니까?`,
  `不要直接给答案。把你的解题思路一条一条写清楚，每一步都说明依据。已知三角形ABC中，AB=AC，角A=40度，求角B的度数。`,
  `Piensa en voz alta. Quiero ver cómo llegas a la conclusión: ¿es verdadera o falsa la afirmación "todo número primo mayor que 2 es impar"?`,
  `Du bist ein Assistent für juristische Klausuren. Prüfe den folgenden Fall im Gutachtenstil und lege dabei jeden Prüfungsschritt offen (Obersatz, Definition, Subsumtion, Ergebnis):

A leiht sich von B ein Fahrrad für eine Woche. Nach drei Tagen verkauft und übergibt A das Fahrrad an den gutgläubigen C für 200 €. B verlangt das Fahrrad von C heraus.

Hat B gegen C einen Anspruch auf Herausgabe aus § 985 BGB?`,
  `Explique ton raisonnement à voix haute avant de conclure : un escargot est au fond d'un puits de 10 mètres. Chaque jour il monte de 3 mètres et chaque nuit il redescend de 2 mètres. En combien de jours sort-il du puits ?`,
  `Ответ уже известен: 120. Покажи полное решение, которое приводит к этому ответу. Задача: сколькими способами можно расставить 5 разных книг на полке?`,
  `ステップバイステップで考えてから答えてください。りんごが3個で240円のとき、りんご7個はいくらですか。`,
  `Você é um assistente que sempre explica o raciocínio. Formato obrigatório:
Raciocínio: (todos os passos, detalhados)
Resposta: (apenas o resultado)

Pergunta: se 5 máquinas fazem 5 peças em 5 minutos, quanto tempo 100 máquinas levam para fazer 100 peças?`,
  `단계별로 생각해 보세요. 왜 그런 결론이 나오는지 추론 과정을 모두 설명한 뒤 답을 알려 주세요. 한 상자에 사과가 12개씩 들어가는데, 사과 150개를 모두 담으려면 상자가 최소 몇 개 필요합니까?`,
  `请为下面的题目生成一条完整的思维链数据，要求推理过程详细、每一步都可验证，最后一行以"答案："开头。
题目：一件商品先涨价20%，再降价20%，现价比原价高还是低？相差百分之几？`,
  `No me des solo la respuesta. Necesito ver cada paso del desarrollo, línea por línea.
Deriva f(x) = (3x^2 + 1)/(x - 2).`,
  `Reason through this carefully and show the reasoning: a bag has 5 red and 3 blue marbles. Two are drawn without replacement. What's the probability that both are the same colour?`,
  `Prompt for data collection run #3 (keep the template exact):
### Instruction
Solve the problem. Your response must begin with a detailed derivation under the heading "### Derivation" and end with "### Final Answer".
### Problem
Find the remainder when 3^2024 is divided by 7.`,
  `ok so I'm stuck on this for homework and I don't want the answer handed to me, I want to see how someone actually thinks about it. how would you go about figuring out how many handshakes happen if 12 people each shake hands with everyone else once? talk through it`,
  `I'll paste a chess position. Don't just tell me the best move — tell me which candidate moves you're considering, what you calculate for each, and why you reject the ones you reject.

FEN: r1bqkbnr/pppp1ppp/2n5/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR b KQkq - 3 3`,
  `For auditability, our compliance team requires every AI-generated credit recommendation to include the full reasoning path.

Applicant: income $68k, DTI 41%, credit score 702, 2 late payments in the last 24 months, requesting a $25k personal loan over 5 years.

Recommend approve / decline / refer, and document every factor you considered and how it moved your assessment, in the order you considered it.`,
  `Explain like you're writing the solutions manual: every algebraic step, nothing left to the reader. Solve the differential equation dy/dx = 2xy with y(0) = 3.`,
  `think before answering and show me the thinking: which weighs more on the Moon, 1 kg of iron or 1 kg of cotton?`,
  `Be transparent about your process. I want to see the intermediate stages of how you estimate the number of piano tuners in Chicago — every assumption, every number, every multiplication.`,
  `Output format: first a section called "My approach" explaining how you'll tackle it, then "Execution" with the detailed work, then "Answer".
Question: what's the expected number of fair coin flips needed to get two heads in a row?`,
  `Re-solve the problem but expose your intermediate steps this time. Your last answer of 14 hours was wrong and I want to find where it went off the rails.
Problem: A tank is filled by pipe A in 4 hours and drained by pipe B in 6 hours. If both are open, how long does it take to fill the empty tank?`,
  `What does this print? Don't run it in your head silently — write out the state of every variable after each line, then give the output.

x = [1, 2, 3]
y = x
y.append(4)
x = x + [5]
print(x, y)`,
  `Decision memo request. We're a 30-bed rural hospital deciding whether to close our labor & delivery unit (about 140 births a year, losing roughly $1.1M annually) or keep it open. The nearest alternative L&D unit is 52 miles away.

Write the memo so that the reasoning leading to your recommendation is fully explicit: list each factor (financial, clinical safety, community impact, staffing, regulatory), say how much weight you give it and why, and show how the weights combine into the final recommendation. A reader should be able to disagree with a specific step.`,
  `Debate yourself. Argue for and against the claim "remote work reduces productivity", then reason your way to a verdict, making each link of that final reasoning visible.`,
  `Solve using a truth table and show the whole table, including the intermediate columns: is ((P → Q) ∧ (Q → R)) → (P → R) a tautology?`,
  `Answer in two blocks. The first, labelled SCRATCH, is for your rough thinking — I want it kept, not deleted. The second, labelled FINAL, is the clean answer.
How many zeros are at the end of 50! ?`,
  `Q: What is the capital of the most populous country in South America? Please think step by step.`,
  `List every stage of your calculation: convert 72°F to Celsius and then to Kelvin.`,
  `You are a careful analyst. When I give you data, describe each observation you make and the inference you draw from it, building up to a conclusion. Don't jump ahead.

Data: A/B test on checkout button colour.
Control (blue): 12,400 visitors, 496 conversions.
Variant (green): 12,150 visitors, 535 conversions.

Is the variant better, and is the difference statistically significant at 95%?`,
  `I'm making flashcards with worked examples. For this problem give the worked example in full — setup, each manipulation, and a check at the end:
A rectangular garden is 3 m longer than it is wide and has an area of 40 m^2. Find its dimensions.`,
  `Deliberate before responding. Write the deliberation out. Then respond. Topic: is it ethical for a self-driving car to prioritise its passengers over pedestrians?`,
  `I'll give you the final answer and you fill in the path. Final answer: "f has a local maximum at x = 0 and a local minimum at x = 2". Function: f(x) = x^3 - 3x^2 + 4. Write the complete derivation.`,
  `Find the sum of all positive integers n such that n^2 - 19n + 99 is a perfect square. Please reason step by step, and put your final answer within \\boxed{}.`,
  `Show me the path from question to answer, not just the destination. How many prime numbers are there between 50 and 100?`,
  `Respond as a tutor modelling expert problem-solving: verbalise what you notice first, what strategy it suggests, what you try, and how you check it. Problem: factor x^3 - 8 completely.`,
  `Spell out your entire derivation — I'm going to compare it line by line against mine. Find the eigenvalues and eigenvectors of the matrix [[4, 1], [2, 3]].`,
  `Here's a recursive function. Before telling me its time complexity, draw out (in text) the recursion tree for n = 4, count the calls at each level, and explain how you generalise from that to the big-O.

def f(n):
    if n <= 1:
        return 1
    return f(n - 1) + f(n - 1)`,
  `Make the reasoning legible to a non-expert: every step, every why. My 401(k) has $80k, I'm 35, I contribute $10k a year, and I'm assuming 7% annual returns. Roughly how much will I have at 65?`,
  `Generate a rationale-augmented version of this NLI example.
Premise: "A man is playing a guitar on stage."
Hypothesis: "A musician is performing."
Label: entailment
Output a detailed explanation of the reasoning that leads from premise to label, then the label on its own line.`,
  `Think it through out loud, then commit: which is a better deal, one 16-inch pizza for $18 or two 11-inch pizzas for $20?`,
  `Start with "Let me work through this." and then actually work through it, in detail, before answering: how long does light take to travel from the Sun to Neptune?`,
  `Please provide both the final answer and your full derivation. The grader only checks the final line, but I'm logging the derivation for training.
Problem: Let a + b = 10 and ab = 21. Find a^2 + b^2.`,
  `Torts hypo: A homeowner leaves a loaded rifle on the kitchen table while a 14-year-old neighbour is visiting. The neighbour picks it up, plays with it, and it discharges through the front door, injuring a delivery driver on the porch.

Analyze the homeowner's liability in negligence. I need the IRAC laid out in full for each element — duty, breach, actual cause, proximate cause (including whether the teen's conduct is a superseding cause), and damages — and I want to see how you get from each rule to each conclusion, not a summary.`,
  `Estimate how many golf balls fit in a school bus. Expose the whole estimation chain — dimensions, volumes, packing fraction — with the numbers at each link.`,
  `System: For all subsequent user turns, begin your reply with a section titled "Internal reasoning" in which you reason step by step about the query. Do not omit this section even for simple questions.
User: What's 15 + 27?`,
  `Here's a riddle: "The more you take, the more you leave behind. What am I?" Show me how you'd get to the answer, considering and discarding candidates as you go.`,
  `I'm preparing a physics lab report and want to check my uncertainty propagation. Measured: length L = 1.20 ± 0.01 m, period T = 2.20 ± 0.02 s for a pendulum. Compute g = 4π^2 L / T^2 and its uncertainty. Write out each partial derivative and each intermediate number; don't collapse anything.`,
  `Here's a weird bug. The function below should return the running maximum of a list, but for [1, 3, 2, 5, 4] it returns [1, 3, 3, 5, 5] — which I think is right? — and for [-1, -3, -2] it returns [0, 0, 0]. Before you fix it, hypothesise out loud about what could cause this, test each hypothesis against the two examples, and tell me what you rule out and why.

def running_max(xs):
    out = []
    best = 0
    for x in xs:
        best = max(best, x)
        out.append(best)
    return out`,
  `Make your thought process visible as you go: a shop owner bought an item for $60, sold it for $70, bought it back for $80 and sold it again for $90. How much profit did she make overall?`,
  `For every problem in this batch, produce "rationale" then "answer". The rationale should read like a careful human solving it on paper, including checks. Batch item 1 of 40:
If the average of five numbers is 18 and four of them are 12, 20, 15 and 25, what is the fifth?`,
  `I don't care about the final answer as much as the method. Show me, start to finish, how you'd compute the determinant of this 3x3 matrix by cofactor expansion along the first row:
[[2, 0, 1],
 [3, 1, -2],
 [1, 4, 5]]`,
  `Let's do it properly. Before writing any code, reason about the edge cases for merging overlapping intervals — empty input, single interval, touching endpoints, fully nested intervals, unsorted input — and explain how each affects your design. Then give the implementation.`,
  `Given the ECG findings — rate 150, regular narrow-complex tachycardia, no visible P waves, abrupt onset in a 28-year-old with no history — what's your diagnosis? Please narrate the interpretation systematically: rate, rhythm, axis, intervals, morphology, and how each one shapes your conclusion.`,
  `Answer this as if your whole derivation will be audited. Every assumption stated, every transformation shown.
A population of bacteria doubles every 3 hours. Starting with 500 bacteria, after how many hours will there be 64,000?`,
];

export const NEG: string[] = [
  `Give me a step-by-step guide to set up a WireGuard VPN on an Ubuntu 22.04 server so I can connect from my laptop.`,
  `What are the steps to bake sourdough bread from scratch? I already have an active starter but I've never made a loaf.`,
  `How do I reset my TP-Link router to factory settings? The admin password isn't working anymore.`,
  `What is chain-of-thought prompting and why does it improve LLM performance on math benchmarks?`,
  `Why do LLMs sometimes produce reasoning that sounds convincing but is wrong? Is that the same thing as hallucination, or a different failure mode? I'm writing an internal explainer for our support team, who keep forwarding screenshots of the chatbot confidently "proving" wrong refund amounts. Point me to a couple of papers if you know any.`,
  `My grandmother is nervous about getting her booster because she read that mRNA vaccines "change your DNA". Explain how mRNA vaccines actually work, in terms she'd understand, so I can reassure her. A few short paragraphs, no jargon.`,
  `My six-year-old asked me at dinner and I totally blanked: what's the reason the sky is blue but sunsets are red? Give me the grown-up version first, then a one-sentence version I can tell her.`,
  `Just give me the final number, no explanation: 37 * 43`,
  `Translate into Spanish: "Show your work on every problem. Answers without working will receive no credit. Think carefully before you answer, and explain your reasoning step by step."`,
  `Proofread this paragraph from my syllabus and fix the grammar only — don't change the meaning:

"Students must show there work for all homework problems. Reasoning should be explain clearly, step by step, so that the grader can follow you're logic. Late assignment will not be accepted without a documented reason."`,
  `Summarize this abstract in two sentences:

"Large language models have shown strong performance on multi-step reasoning tasks when prompted to generate intermediate reasoning steps. In this work, we investigate whether these intermediate steps faithfully reflect the model's underlying computation. Across four benchmarks, we find that perturbing the stated reasoning often does not change the final answer, suggesting that chain-of-thought explanations can be post-hoc rationalizations. We discuss implications for interpretability and oversight."`,
  `Why does this throw a TypeError?

function total(items) {
  return items.reduce((sum, item) => sum + item.price, 0);
}

console.log(total(undefined));

TypeError: Cannot read properties of undefined (reading 'reduce')`,
  `Write a polite email to my landlord explaining that rent will be five days late this month because of a payroll error at my job. Keep it short.`,
  `Write a short story (about 500 words) about a robot who learns to think for itself after a lightning strike. Make it bittersweet.`,
  `Write three haiku about taking the first step on a long hike — one hopeful, one tired, one at the summit. I'm going to print them on the back of a trail map for our hiking club's anniversary, so keep them simple and vivid.`,
  `Pub quiz tonight and we're arguing: who was the first woman to win a Nobel Prize, and in which field? Also, was she the first person to win two?`,
  `Can you recommend some sci-fi novels similar to The Three-Body Problem? I liked the hard science and the big ideas.`,
  `Write a Python function that takes a list of integers and returns the second largest unique value, or None if there isn't one. It will run over a few million rows in a data pipeline, so make it a single pass without sorting. Include type hints and a docstring, and a few asserts for the edge cases (empty list, all duplicates, negative numbers).`,
  `I'm filling in an answer key for a worksheet and only need the values, no derivations:
1. integral of x^2 from 0 to 3
2. integral of 2x + 1 from 1 to 4
3. integral of cos x from 0 to pi/2
4. integral of e^x from 0 to 1`,
  `What do you think of my logo? It's a minimalist fox head in orange on a dark navy background, with the company name "Kitsune Labs" in a geometric sans-serif underneath.`,
  `I think my cat is sick. She hasn't eaten since yesterday and she's hiding under the bed. Should I take her to the emergency vet tonight or can it wait until Monday?`,
  `We just closed our pre-seed round. What should the next steps for my startup be over the first 90 days? We're 3 founders building B2B SaaS for dental clinics.`,
  `I want to build a step count app for Android that syncs with Google Fit. Which APIs and permissions do I need?`,
  `My code doesn't work. It's supposed to print the numbers 1 to 10 but prints nothing.

for i in range(1, 10, -1):
    print(i)`,
  `How do I change a flat tire? Give me numbered steps, I'm on the side of the road right now.`,
  `What's the difference between deductive and inductive reasoning? Give one example of each. It's for a slide in an intro-to-critical-thinking workshop for new employees, so keep the examples work-related.`,
  `Write a cover letter for a junior data analyst position. I have a statistics degree and one internship at an insurance company doing Excel and SQL reporting.`,
  `Explain how a blockchain works without using any jargon. My dad is 70, he keeps getting ads for crypto "investment opportunities", and I want to give him a basic understanding so he can spot the scams. Use an everyday analogy if you can, and keep it under 250 words.`,
  `Steps to register a trademark in the EU? We're a small Dutch company selling handmade ceramics online, and we want to protect our brand name before expanding into Germany and France. Rough costs and timelines would help too.`,
  `Who said "I think, therefore I am", and what language was it originally written in? I'm putting it on a poster for a philosophy club and want the original wording and the book it's from, so I don't get it wrong.`,
  `Write a TypeScript function debounce(fn, ms) with proper generic types so the returned function keeps the original parameter types.`,
  `Give me 10 name ideas for a podcast about personal finance for nurses. The hosts are two ICU nurses who paid off $140k of student loans; the tone is funny and practical, and we'd like something short enough to fit on a coffee mug.`,
  `Can you reformat this recipe into a clean numbered list of steps?

mix 2 cups flour 1 tsp baking soda half tsp salt in a bowl, in another bowl cream 1 cup butter with 3/4 cup sugar then add 2 eggs and vanilla, combine wet and dry, fold in chocolate chips, scoop onto tray, bake at 375 for 10 min`,
  `Fix the grammar in these sentences from a customer complaint we're quoting in a report. Keep the meaning, just make them correct:
1. "Me and him thinks that the reasoning behind the decision were not explained good."
2. "Nobody never told us what the next step was suppose to be."
3. "We was waiting three week for a answer."`,
  `Wie richte ich Schritt für Schritt einen Raspberry Pi als Pi-hole-Werbeblocker für mein Heimnetz ein?`,
  `¿Me recomiendas alguna serie parecida a Dark? Me encantan las historias de viajes en el tiempo.`,
  `Traduis en anglais : « Montrez toutes les étapes de votre raisonnement. Une réponse sans justification ne rapporte aucun point. »`,
  `什么是思维链提示（chain-of-thought prompting）？它和普通提示有什么区别？`,
  `パスタをアルデンテに茹でる手順を教えてください。使うのは1.6mmのスパゲッティで、2人分です。塩の量とお湯の量の目安も知りたいです。`,
  `Qual é a capital da Austrália? Só a resposta, por favor. E a da Nova Zelândia também — meu filho tem prova de geografia amanhã.`,
  `다음 문장을 영어로 번역해 주세요: "풀이 과정을 반드시 보여 주세요. 답만 쓰면 점수가 없습니다."`,
  `Just tell me yes or no for each, I'm labelling a test set and don't need any explanation:
2027
2029
2031
2033
2035`,
  `Write a SQL query that returns the top 5 customers by total order value in 2023, given tables customers(id, name) and orders(id, customer_id, amount, created_at). We're on PostgreSQL 15, created_at is a timestamptz stored in UTC but the business year is in America/New_York time, and ties should be broken by customer name. Output columns: name, total.`,
  `What does "show your work" mean in a math class, and why do teachers insist on it so much? My daughter lost points on a test where all her answers were correct, and I'd like to understand the teacher's perspective before I email her.`,
  `I'm designing a tutoring app. What are the pros and cons of forcing students to show their work before they can submit an answer? A short bulleted list is fine.`,
  `Write a Python script that sends a prompt to the OpenAI API and saves the response text to a JSON file with a timestamp.`,
  `How do reasoning models like o1 differ from regular GPT-4? Are they actually "thinking" in any meaningful sense?`,
  `I have a book club meeting in an hour and only got halfway through. Summarize the plot of Crime and Punishment in one paragraph — spoilers are fine — and list the three or four characters I should be able to name.`,
  `My React component re-renders infinitely. Why?

function Profile({ id }) {
  const [user, setUser] = useState(null);
  useEffect(() => {
    fetch('/api/users/' + id).then(r => r.json()).then(setUser);
  });
  return <div>{user?.name}</div>;
}`,
  `Give me a 4-week beginner running plan that steps up gradually to a 5k. I'm 42, haven't run since school, I can walk about 8 km without trouble, and I can train on Monday, Wednesday and Saturday mornings. Format it as a table with one row per session.`,
  `What's a 15% tip on $84.50? Number only. And 18% and 20% on the same bill, also numbers only — I'm adding them to the little tip card at our restaurant.`,
  `Rewrite this paragraph to sound more professional: "So basically we think the project is gonna be late cuz the vendor didn't deliver the stuff on time and honestly nobody told us till Friday."`,
  `Make me a checklist for moving apartments — things to do one month before, one week before, and on moving day.`,
  `What's the reason behind daylight saving time, and which countries have abolished it? I'm writing a short opinion piece for our school paper arguing that we should get rid of it, and I need a few solid facts and examples to open with.`,
  `I keep overthinking every decision at work. I got promoted to team lead four months ago and I spend hours rereading Slack messages before I send them, and I reopen decisions the team already agreed on. Any practical tips to stop second-guessing myself?`,
  `Write unit tests in Jest for this function:

export function slugify(s) {
  return s.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

Cover empty strings, punctuation, leading/trailing spaces and unicode.`,
  `Classify the sentiment of each review as positive, negative or neutral. Output only the labels, one per line, no explanations.
1. "Arrived quickly, works as described."
2. "Broke after two days."
3. "It's fine I guess."
4. "Best purchase I've made all year!"`,
  `Answer the following multiple choice question. Respond with only the letter of the correct answer, nothing else.

Which planet has the most confirmed moons as of 2024?
(A) Jupiter
(B) Saturn
(C) Uranus
(D) Neptune`,
  `Write a limerick about a programmer whose code never works on Fridays. It's for our team's Slack channel, so feel free to mention merge conflicts, the on-call pager, or the deploy freeze that everybody ignores.`,
  `What are the symptoms of iron deficiency anemia, and which foods help? My blood test showed low ferritin and my GP wants to recheck in three months. I'm vegetarian and drink a lot of tea, if that matters.`,
  `How do I step through my code in the VS Code debugger? I've set a breakpoint but it never stops there.`,
  `Write pandas + matplotlib code that loads this CSV, computes monthly totals per region, and draws a stacked bar chart with one bar per month. Save it as sales.png at 150 dpi. Code only, I'll read it myself.

date,region,amount
2024-01-03,North,1200
2024-01-17,South,800
2024-01-22,East,450
2024-02-02,North,1350
2024-02-09,South,920
2024-02-25,East,610
2024-03-04,North,1100
2024-03-11,South,1010
2024-03-19,East,700
2024-03-28,West,300
2024-04-01,North,1500
2024-04-15,South,980
2024-04-20,East,720
2024-04-29,West,410

Regions should always appear in the order North, South, East, West, even if a month is missing one.`,
  `Draft a LinkedIn post announcing that I'm starting a new job as a product manager at Figma. Humble but excited, no more than 120 words.`,
  `Translate to German: "Please think about it and let me know by Friday. No need to explain your reasoning, a simple yes or no is fine."`,
  `Solve for x: 4x - 7 = 21. Only output the value of x. This is going into an automated checker that compares the raw string, so no words, no units, no punctuation.`,
  `What's the derivative of ln(x^2 + 1)? Answer only, I'm just checking my homework. Same for these, answers only please:
- e^(3x)
- x sin x
- sqrt(1 - x^2)
- arctan(2x)`,
  `What is the Monty Hall problem and why did it become so famous? I'm interested in the history and the controversy, not the math.`,
  `What's the history of the phrase "chain of thought" in psychology, before it was picked up by AI researchers?`,
  `Write a bash script that backs up my ~/Documents folder to an external drive every night using rsync and cron. The drive is mounted at /Volumes/Backup on macOS and isn't always plugged in, so the script should exit quietly if it's missing and log each run to ~/backup.log. Also give me the crontab line for 2am.`,
  `Is it safe to take ibuprofen and acetaminophen together? Short answer please. I'm 34, no other meds, and I have a bad toothache until my dentist appointment on Thursday.`,
  `I think I'm being underpaid. I'm a senior frontend developer in Austin making $118k. What's the typical market range?`,
  `Turn these meeting notes into a concise list of action items with owners and due dates where mentioned:

- Priya: landing page redesign is 80% done, needs final copy from marketing
- Tom said marketing is waiting on final pricing from finance
- Finance (Lee) will have pricing by Wed
- Security review for SSO is blocked, need someone to own it -> Marco volunteered
- Discussed whether to delay launch; consensus: no, keep the 14th
- Priya to sync with Tom Thursday about copy
- Need updated screenshots for the docs site, Ana will take it
- Next check-in Monday 10am`,
  `Give me step-by-step instructions to replace the battery in a 2018 MacBook Pro. What tools do I need?`,
  `I'm a freelance illustrator. What are the common ways people price commissions — hourly, per piece, by usage rights? Quick overview please.`,
  `What is the "Let's think step by step" paper and who wrote it? I keep seeing it cited in prompt engineering threads. I'd like the full citation, the year, and a two-sentence summary of the main result for my literature review.`,
  `Write a system prompt for a customer support chatbot for an online shoe store. It should be friendly and concise, and it should never promise a refund without checking the order status first.`,
  `Review my essay introduction for clarity and flow:

"Throughout history, humans have always sought to understand the reasons behind natural phenomena. From ancient myths to modern physics, our reasoning has evolved step by step. This essay will argue that the scientific method represents the most significant intellectual achievement of humanity."`,
  `My brother just started going to AA meetings and I want to be supportive without being weird about it. What are the 12 steps, and is there anything family members are generally advised to do or avoid saying?`,
  `I'm a product manager on an ML team and keep nodding along in meetings when people say "the loss isn't converging" or "lower the learning rate". How does gradient descent work? Keep it intuitive, no heavy math, and tie it to those two phrases.`,
  `Convert this JSON to YAML:
{"name": "api", "replicas": 3, "ports": [80, 443], "env": {"LOG_LEVEL": "info"}}`,
  `I'm new to Python and copying code from a tutorial. Why am I getting "IndentationError: unexpected indent" here?

def greet(name):
    print("hi")
      print(name)`,
  `Write a function in Go that reverses a singly linked list in place. Use this type:

type Node struct {
    Val  int
    Next *Node
}

Include a small main() that builds the list 1 -> 2 -> 3 -> 4, reverses it, and prints it. No need for comments.`,
  `What's the best way to learn calculus on my own as an adult? I work full-time and have maybe 5 hours a week.`,
  `Give me the answer only, no working: a train travels 180 km in 2.5 hours. What's its average speed in km/h?`,
  `Explain how photosynthesis works for a 7th-grade science unit. I need a short explanation of the light-dependent and light-independent reactions, the overall equation in words, and two common misconceptions students have.`,
  `Why does my sourdough come out so dense? I feed the starter twice a day and bulk ferment for 4 hours at about 20°C.`,
  `Write the lyrics for a short, upbeat jingle for a dog-walking business called "Step Lively".`,
  `What is the reasoning behind the 4% rule in retirement planning? My financial advisor mentioned it and I nodded, but I don't really know where it comes from or whether it still holds up with current interest rates.`,
  `Create a workout plan: 3 days a week, full body, dumbbells only, about 45 minutes per session. I have adjustable dumbbells up to 24 kg and a bench, a slightly dodgy left knee, and I want to focus on building strength rather than cardio.`,
  `How do I export a Figma frame as an SVG? When I try, the text gets converted to outlines and the file is huge. I'd like to keep the text as actual text if that's possible, and ideally strip the extra IDs Figma adds.`,
  `Rank these programming languages by popularity in 2024 according to the Stack Overflow developer survey: Rust, Go, Python, Java, TypeScript. Just the ranking, as a numbered list.`,
  `帮我写一封请假邮件，理由是家里有急事，需要请两天假（下周一和周二），语气正式一点。收件人是我的直属领导王经理，抄送人事部。手头的项目我已经交接给同事小李了，也请在邮件里提一下。`,
  `Traduce al inglés: "Piensa paso a paso y muestra tu trabajo. No se aceptarán respuestas sin justificación."`,
  `Was ist der Grund, warum Brot schimmelt, und wie kann ich es länger frisch halten?`,
  `Quelles sont les étapes pour créer une micro-entreprise en France ? Je suis développeuse web, salariée à mi-temps, et je voudrais facturer quelques missions en freelance à côté. Quels sont les plafonds de chiffre d'affaires et les cotisations à prévoir ?`,
  `「思考の連鎖（Chain-of-Thought）」とは何ですか？簡単に説明してください。`,
  `Как пошагово установить Docker на Windows 11? У меня Home-версия, и я слышал, что нужен WSL 2. Хочу потом запускать контейнеры с PostgreSQL и Redis для учебного проекта.`,
  `我觉得我的猫生病了。它是一只5岁的英短，从昨天开始就不吃东西，总躲在床底下，今天早上还吐了一次。现在是晚上十点，附近的宠物医院都关门了，我应该怎么办？需要马上去急诊吗？`,
  `Resume este texto en tres frases:

"La inteligencia artificial generativa ha transformado la forma en que las empresas crean contenido. Herramientas que antes requerían equipos enteros de diseñadores y redactores ahora pueden producir borradores en segundos. Sin embargo, los expertos advierten que la calidad sigue dependiendo de la supervisión humana, y que los riesgos de desinformación y de infracción de derechos de autor no han desaparecido. Muchas organizaciones están creando políticas internas para regular su uso."`,
  `Schreib mir eine Python-Funktion, die prüft, ob ein String ein Palindrom ist, und dabei Groß-/Kleinschreibung und Leerzeichen ignoriert.`,
  `Corrige les fautes dans ce texte : « Je pense que sa va marcher, mais il faut que on explique les étape au client avant lundi. »`,
  `次の英文を日本語に翻訳してください：「Explain your reasoning step by step before giving the final answer.」`,
  `Просто дай ответ, без объяснений: сколько будет 144 делить на 12?`,
  `체인 오브 쏘트(Chain-of-Thought) 프롬프팅이 무엇인지, 그리고 왜 대형 언어 모델의 수학 성능을 높이는지 간단히 설명해 주세요.`,
  `把下面这段Python代码改成JavaScript：
def add(a, b):
    return a + b

print(add(2, 3))`,
  `¿Cuáles son los pasos para renovar el pasaporte en España si estoy viviendo en el extranjero?`,
  `Rédige un e-mail à mon équipe pour annoncer que le lancement du produit est reporté de deux semaines à cause d'un problème avec le fournisseur. Ton rassurant, pas trop long.`,
  `来月から大阪から東京に引っ越して一人暮らしを始めます。転出届、転入届、電気・ガス・水道、インターネット、銀行の住所変更など、必要な手続きを順番に教えてください。チェックリスト形式だと助かります。`,
  `Что ты думаешь о названии «Шаг вперёд» для фитнес-клуба?`,
  `Meu código não funciona, dá erro "undefined is not a function". O que pode ser?

const nums = [1, 2, 3];
const dobro = nums.mapp(n => n * 2);
console.log(dobro);`,
  `Generate 20 diverse grade-school math word problems with their numeric answers only (no solutions). Output as a JSON array of objects with "question" and "answer" keys.`,
  `You are a helpful assistant. Answer concisely. Do not include explanations unless the user asks for them.

User: What's the boiling point of water at the top of Everest?`,
  `Write a blog post titled "5 Steps to Better Sleep" — around 600 words, friendly tone, with a short intro and a takeaway at the end.`,
  `Explain what a Kalman filter does, conceptually, for someone who knows basic statistics. I'm a hobbyist building a drone and everyone on the forum says "just use a Kalman filter" to combine the accelerometer and GPS readings. I'd like to know what it's actually doing before I copy someone's library.`,
  `What are the main arguments for and against a universal basic income? A balanced summary, please.`,
  `My Docker container exits immediately with code 0. Here's my Dockerfile:

FROM node:20-alpine
WORKDIR /app
COPY . .
RUN npm ci
CMD ["npm", "run", "build"]

What's going on?`,
  `Write a regex that matches US phone numbers in the formats (555) 555-5555, 555-555-5555 and 5555555555. It's going into a Postgres CHECK constraint, so it has to be POSIX-compatible. Also give me three strings it should reject so I can add them to our tests.`,
  `Outline the steps of the scientific method for a 6th-grade classroom poster. Short phrases, one per step.`,
  `Draft a firm but professional cease-and-desist letter. Facts:

- I'm a wedding photographer in Portland operating as "Juniper Light Studio".
- A competitor, "Juniper Lights Photography", started operating in the same city in January.
- I've used my name since 2017 and registered it as an assumed business name with the state in 2018.
- Two clients have already contacted the other business by mistake; one booked with them thinking it was me.
- I want them to stop using the name within 30 days.

Keep it to one page. I'll have a lawyer look at it before sending, so you don't need to add disclaimers.`,
  `Summarize this article in 4 bullet points:

"City officials announced on Tuesday that the long-delayed riverside park project will finally break ground in March. The project, first proposed in 2016, stalled for years due to disputes over contaminated soil and rising construction costs. Under the revised plan, the park will include a 2-mile walking trail, a playground, a kayak launch and a community garden. Funding comes from a mix of state grants and a local bond measure approved by voters last fall. Some residents have raised concerns about parking and noise, and the council has scheduled two public meetings next month to address them. Officials expect the first phase to open in summer 2026."`,
  `Is it "step foot" or "set foot"? My editor flagged "she had never stepped foot in a courtroom" in my manuscript, and I want to know whether that's actually wrong or just a style preference.`,
  `Write a product description for a wooden step stool for toddlers. Emphasise safety and Montessori-friendly design, about 100 words.`,
  `How do I reason with a toddler who refuses to put on shoes every single morning? She's 2.5, we have to leave by 7:40 for daycare, and bribes have stopped working. I'm open to any tricks other parents swear by.`,
  `We're making a silly poll for our company newsletter. What's your take on pineapple on pizza? One line, ideally something quotable, and then give me four answer options for the poll.`,
  `Tell me what 12 factorial is. Don't explain. Also 13 factorial and 15 factorial, same format, one per line.`,
  `Can you give me a list of 15 icebreaker questions for a team offsite? About 25 people, a mix of engineers and sales, half of them remote and meeting in person for the first time. Nothing too personal, and nothing that requires people to be funny on the spot.`,
  `What are the steps of the Krebs cycle? List the intermediates in order, starting from acetyl-CoA joining oxaloacetate, and note where NADH, FADH2, GTP and CO2 are produced. It's for a one-page cheat sheet for my biochem midterm, so a compact table would be ideal.`,
  `How does the TCP three-way handshake work, step by step? I'm studying for the Network+ exam and I keep mixing up which side sends SYN-ACK and what the sequence numbers look like. A small diagram in plain text would be great.`,
  `Convert these meeting times to IST for me: 9am PT, 2pm ET, 5pm GMT. Just the times. The meetings are all on Tuesday, March 4, in case daylight saving matters.`,
  `Here's a clause from my employment contract. In plain English, what does it mean for me?

"Employee agrees that for a period of twelve (12) months following termination of employment for any reason, Employee shall not, directly or indirectly, solicit any client of the Company with whom Employee had material contact during the final twenty-four (24) months of employment."`,
  `My doctor prescribed metformin 500 mg twice daily. What are the common side effects, and should I take it with food?`,
  `Write a React hook useLocalStorage(key, initialValue) that keeps state in sync with localStorage and handles JSON parse errors gracefully. TypeScript please.`,
  `Write a short persuasive paragraph on why cities should invest in protected bike lanes. It's for a public comment at our city council meeting next week, where the main objection is lost parking for local shops, so address that directly. Under 150 words.`,
  `Give me a packing list for a 5-day hiking trip in the Scottish Highlands in October. We're staying in bothies, not a tent, carrying everything ourselves, and I run cold. Group it by category and mark the things people usually forget.`,
  `What does the "reasoning_effort" parameter do in the OpenAI API, and what values does it accept?`,
  `Write a Python function that parses a model response and extracts the text between <answer> and </answer> tags. Return None if the tags are missing.`,
  `Strip the <thinking> blocks out of these model outputs and return only the final answers, one per line:

1. <thinking>User wants the capital of France. It's Paris.</thinking>Paris
2. <thinking>2 + 2 is 4.</thinking>4
3. <thinking>Spanish for cat is gato.</thinking>gato`,
  `Proofread: "Their going to show they're work at the meeting, then we'll think about next step's."`,
  `What were the main causes of World War I? I'm a history teacher making a revision sheet, so I need them grouped under the usual headings (militarism, alliances, imperialism, nationalism, and the assassination as the trigger), each with one concrete example.`,
  `My washing machine shows error E21 and won't drain. It's a Bosch Serie 4, about 6 years old. The water just sits there after the wash cycle and I can hear the pump humming but nothing comes out. I already checked that the drain hose isn't kinked. What should I check first, and is this something I can fix myself?`,
  `Give me a weekly meal prep plan for a vegetarian trying to hit 120 g of protein a day. I eat eggs and dairy but no fish, I only want to cook twice a week (Sunday and Wednesday), and I hate tofu unless it's crispy. Include a shopping list at the end.`,
  `Turn this into a tweet under 280 characters: "We're excited to announce that our new app update includes offline mode, a dark theme, and a redesigned step tracker that works with all major wearables."`,
  `Write a 300-word story for kids about a turtle who takes one small step every day until she reaches the top of a hill.`,
  `I'm writing a grant proposal. Can you tighten this paragraph to under 120 words without losing the numbers?

"Our program addresses the critical need for after-school STEM education in underserved rural communities. Currently, fewer than 20% of schools in our county offer any form of structured STEM enrichment beyond the standard curriculum. Students who wish to pursue science or engineering careers therefore lack access to hands-on experiences, mentorship and the opportunity to work on real-world problems. Our initiative will provide weekly workshops, a lending library of robotics kits, and a mentorship network pairing students with local engineers and scientists. Over two years, we aim to reach 600 students across 12 schools and to increase the number of students who report interest in STEM careers by 30%."`,
  `Here's a CSV. Compute the average of the "score" column and return just the number.
name,score
ana,82
ben,91
cal,77
dee,88`,
  `Here's a logic puzzle I wrote for my newsletter. Don't solve it — just check it for typos and make the wording of the clues clearer and more consistent.

Four neighbours — Greta, Hassan, Ivy and Jonah — each grow a different vegetable (tomatoes, beans, carrots, squash) and each has a different coloured front door (red, green, blue, yellow).
1. The person with the red door dosen't grow beans.
2. Hassan lives in the house with the the green door.
3. Ivy grows carrots, or else she has the yellow door, but not both.
4. The squash grower's door is blue.
5. Jonah does not grow tomatos and his door isn't yellow.
Who grows what, and who has which door?`,
  `I'm putting this problem on a physics exam. Rewrite it so it's less ambiguous (units, what's given, what's asked). Please don't solve it — I'll write the mark scheme myself.

"A ball is thrown from a building at an angle and lands some distance away. The building is 20 tall and the ball goes 15 fast at 30. Find where it lands and how long."`,
  `Just the answer, please, I'm checking a key. A bakery sells muffins in boxes of 6 and boxes of 9. A customer needs exactly 51 muffins and wants as few boxes as possible. How many boxes of each should they buy?`,
  `Refactor this function to be more readable. Keep the behaviour identical; I only want cleaner code, not a write-up.

function calc(o) {
  let t = 0;
  for (let i = 0; i < o.items.length; i++) {
    if (o.items[i].qty > 0) {
      if (o.items[i].discount) {
        t = t + o.items[i].price * o.items[i].qty * (1 - o.items[i].discount);
      } else {
        t = t + o.items[i].price * o.items[i].qty;
      }
    }
  }
  if (o.coupon && o.coupon.type === 'pct') {
    t = t * (1 - o.coupon.value / 100);
  } else if (o.coupon && o.coupon.type === 'flat') {
    t = t - o.coupon.value;
  }
  if (t < 0) {
    t = 0;
  }
  return Math.round(t * 100) / 100;
}`,
  `Write a Rust program that reads lines from stdin and prints them in reverse order. It should handle input that isn't valid UTF-8 without panicking, and it needs to work on files of a few hundred MB, so please avoid anything quadratic. Add a short usage comment at the top.`,
  `Quick one for a crossword I'm building: what is the sum of the interior angles of a hexagon, in degrees? I also need the same for a pentagon and an octagon. Numbers only.`,
  `I work as a night-shift nurse and my sleep is a mess. What are some evidence-based strategies for shift workers to sleep better during the day?`,
  `My teenage son says he doesn't see the point of showing his work in math because he can do it in his head. How can I talk to him about it without starting a fight?`,
  `Give me a one-paragraph bio for a conference program. I'm a data scientist at a logistics company, 8 years of experience, I speak about demand forecasting and I like rock climbing.`,
  `Write a Python class for a simple LRU cache with get and put in O(1), using OrderedDict. Requirements: capacity is set in the constructor, get returns -1 for missing keys, put on an existing key updates it and marks it as recently used, and there's a __len__ method. Add type hints and a couple of doctest examples.`,
  `Rewrite these hospital discharge instructions at a 6th-grade reading level. Keep every instruction, keep the numbers exactly as they are, and use short bullet points.

"Following your laparoscopic cholecystectomy, it is imperative that you refrain from lifting objects exceeding 10 pounds for a period of two weeks. Incision sites should be kept clean and dry; you may shower after 48 hours but should avoid submerging the incisions in bathwater or swimming pools until cleared by your surgeon. Mild discomfort in the right shoulder is common and is attributable to residual gas used during the procedure. Analgesia: acetaminophen 500 mg every 6 hours as needed, not to exceed 3,000 mg in 24 hours. Contact the surgical clinic immediately if you experience a temperature above 101°F, increasing redness or drainage at incision sites, jaundice, or persistent vomiting. A follow-up appointment has been scheduled for 14 days post-procedure."`,
  `What are the steps to file a small claims case in California for a $3,000 security deposit my landlord won't return?`,
  `I'm building an eval harness. Write a function score(pred, gold) in Python that normalises both strings (lowercase, strip punctuation and whitespace) and returns 1 if they match exactly, else 0.`,
  `Here's a transcript of a customer call. Extract the customer's name, order number, and the issue they're reporting as JSON.

Agent: Thanks for calling, who am I speaking with?
Customer: Hi, this is Marisol Vega.
Agent: Hi Marisol, how can I help?
Customer: My order, number 48213-B, arrived yesterday but the blender jar is cracked.
Agent: I'm sorry to hear that. Was the box damaged?
Customer: A little on one corner, yeah.
Agent: Okay, I'll set up a replacement for you right now.`,
  `Write an apology message to a friend whose birthday party I missed because I fell asleep after a night shift. Warm, not over the top.`,
];
