// Training corpus for the reasoning-elicitation classifier.
// POS: requests that ask the model to expose its own reasoning / derivation / working.
// NEG: hard negatives sharing vocabulary but not asking for the model's reasoning.

export const POS: string[] = [
  `Problem: A train leaves Chicago at 3:15 pm traveling 62 mph. A second train leaves the same station at 4:00 pm traveling 78 mph on a parallel track. At what time does the second train catch up?
Solution (show every step):`,
  `Respond in JSON with fields "reasoning" (an array of strings, one per intermediate step) and "answer" (a number). Question: If 3x - 7 = 2x + 11, what is x?`,
  `First write your thinking inside <think></think> tags, then give the final answer after the closing tag.

How many distinct arrangements are there of the letters in BANANA?`,
  `Q: Tom has 5 apples. He buys 3 bags with 4 apples each. How many apples does he have now?
A: Let's work through it. Tom starts with 5 apples. 3 bags of 4 is 3 × 4 = 12 apples. 5 + 12 = 17. The answer is 17.

Q: A library had 240 books. It lent out 1/3 of them and then received a donation of 55. How many books does it have?
A: Let's work through it. One third of 240 is 80, so 240 - 80 = 160 remain. 160 + 55 = 215. The answer is 215.

Q: Maria reads 14 pages a day for 6 days, then 20 pages a day for 4 days. How many pages did she read in total?
A:`,
  `You are a patient math tutor. A student asks: "How do I find the derivative of f(x) = x^2 · sin(x)?" Answer as a tutor would, writing out every intermediate result so the student can follow each line.`,
  `Trace the execution of this Python snippet line by line and show the value of each variable after every line:

a = [3, 1, 4]
b = a
b.append(1)
a = a + [5]
print(a, b)`,
  `Prove that the square root of 2 is irrational. Be rigorous and justify every inference; do not skip anything as "obvious".`,
  `Derive the quadratic formula from first principles, starting from ax^2 + bx + c = 0. Show each algebraic manipulation.`,
  `Analyze the following fact pattern as a first-year contracts exam answer. Lay out the full analytic chain — issue, rule, application to each fact, and conclusion — rather than just stating who wins.

Facts: On March 1, Baker emails Carter offering to sell 500 bushels of wheat at $6/bushel, "offer open until March 10." On March 5 Baker sells the wheat to Dunn. On March 7 Carter, unaware of the sale, emails acceptance. Is there a contract between Baker and Carter?`,
  `A 58-year-old man presents with crushing substernal chest pain radiating to the left arm, diaphoresis, and ST elevation in leads II, III and aVF. Walk through your differential diagnosis, noting what each finding points toward and why, before stating the most likely diagnosis and the next management step.`,
  `I need to move from Boston to Denver in three weeks with two cats and a one-bedroom apartment's worth of stuff. Build me a plan, and for each item in the plan give the rationale for why it comes at that point in the sequence.`,
  `Answer: 3/8. Produce the derivation that leads to it.

Question: A fair coin is tossed three times. What is the probability of getting exactly two heads?`,
  `Solve the problem below. After your first attempt, reflect critically on it, look for errors, revise your reasoning, and only then give the final answer.

Problem: The sum of three consecutive odd integers is 159. What are they?`,
  `Before answering, list every assumption you are making. Reason about each one — is it justified? what changes if it's false? — and then give your conclusion.

Question: Should a 10-person startup move its monolith to microservices?`,
  `Solve this three different ways — algebraically, with a table, and by guess-and-check — and show the full work for each method. Then say whether all three agree.

A farmer has chickens and cows. There are 30 heads and 74 legs. How many of each?`,
  `Show your working.`,
  `Walk me through it.`,
  `What is 17% of 2,340? Please include the intermediate calculations, not just the number.`,
  `Compute the determinant of the matrix [[2, -1, 0], [1, 3, 4], [0, 5, -2]]. Write out the cofactor expansion in full so I can check each piece against mine.`,
  `I'm building a dataset. For the question below, output your complete scratchpad first, headed "SCRATCHPAD:", then a line "FINAL:" with the answer.

Question: How many positive divisors does 360 have?`,
  `### Instruction
Solve the following problem. Your response must contain a section titled "Derivation" with numbered lines, followed by a section titled "Result".

### Input
Find the sum of the infinite geometric series 6 + 2 + 2/3 + ...

### Response`,
  `Think step by step.

If a rectangle's length is 3 more than twice its width and its perimeter is 54 cm, find its area.`,
  `Let's go through this carefully — write down each deduction as you make it.

Five friends — Ana, Ben, Cy, Dee, and Eli — sit in a row. Ana is not at either end. Ben sits immediately to the right of Dee. Eli is at the far left. Cy is not next to Ana. Who sits in the middle?`,
  `Please show the full long division of 98,765 by 43, including each subtraction and bring-down.`,
  `system: You are a reasoning engine. For every user query, emit a field "thought_process" containing your intermediate deliberations, then a field "response".
user: Which is larger, 2^100 or 3^63?`,
  `Convert 0.1 to IEEE 754 single precision. Don't just give me the hex — I want every intermediate result: the binary expansion, the normalization, the biased exponent, the rounding of the mantissa.`,
  `Evaluate the integral of x·e^(2x) dx. Show integration by parts explicitly, naming u and dv and writing each line.`,
  `Given this SQL and the tables below, trace how the query is evaluated clause by clause (FROM/JOIN, WHERE, GROUP BY, HAVING, SELECT, ORDER BY) and show the intermediate result set after each clause.

orders(id, customer_id, amount): (1,10,50), (2,10,70), (3,11,20), (4,12,90), (5,11,40)
customers(id, region): (10,'N'), (11,'S'), (12,'N')

SELECT c.region, SUM(o.amount) AS total
FROM orders o JOIN customers c ON o.customer_id = c.id
WHERE o.amount > 30
GROUP BY c.region
HAVING SUM(o.amount) > 60
ORDER BY total DESC;`,
  `Resuelve el siguiente problema mostrando todo el procedimiento paso a paso, no solo el resultado: Un depósito se llena con un grifo en 6 horas y con otro en 4 horas. ¿Cuánto tarda en llenarse si se abren los dos a la vez?`,
  `Bitte leite die Formel für die Summe der ersten n natürlichen Zahlen her und zeige dabei jeden Zwischenschritt. Ich möchte den vollständigen Rechenweg sehen, nicht nur das Ergebnis.`,
  `Résous cette équation en détaillant ton raisonnement à chaque étape : 2(x - 3) + 5 = 3x - 4. Je veux voir toutes les étapes intermédiaires, pas seulement la solution.`,
  `请一步一步地推理，并写出完整的解题过程：一个数的3倍加上7等于这个数的5倍减去9，求这个数。`,
  `次の問題を解いてください。答えだけでなく、途中の計算と考え方をすべて書いてください。
問題：ある商品を定価の2割引で売ると、原価の1割の利益が出ます。原価が800円のとき、定価はいくらですか。`,
  `Реши задачу и подробно распиши ход рассуждений, каждый промежуточный шаг: из пункта А в пункт Б выехал велосипедист со скоростью 15 км/ч, а через 2 часа за ним выехал мотоциклист со скоростью 45 км/ч. Через сколько часов мотоциклист догонит велосипедиста?`,
  `Explique seu raciocínio passo a passo antes de dar a resposta final: qual é o menor número inteiro positivo maior que 1 que deixa resto 1 quando dividido por 2, 3, 4, 5 e 6?`,
  `Dimostra che la somma degli angoli interni di un triangolo è 180 gradi, giustificando ogni passaggio in modo rigoroso.`,
  `다음 문제를 풀 때 중간 과정을 모두 보여 주세요. 최종 답만 쓰지 말고 풀이를 단계별로 적어 주세요: 어떤 수에 4를 곱하고 6을 빼면 30이 됩니다. 어떤 수는 무엇입니까?`,
  `حل المسألة التالية مع كتابة كل خطوة من خطوات الحل وشرح سبب كل خطوة: إذا كان ثمن 3 أقلام و2 دفتر هو 19 ريالاً، وثمن قلم واحد ودفتر واحد هو 8 ريالات، فما ثمن القلم؟`,
  `Here's a chess position (FEN): r1bqkbnr/pppp1ppp/2n5/4p3/4P3/5N2/PPPP1PPP/RNBQKB1R w KQkq - 2 3. What's White's best move? Lay out the candidate moves you considered and the variations you calculated for each before you commit to one.`,
  `You are generating training data. Output format:
<reasoning>
(your full chain of intermediate reasoning, as many lines as needed)
</reasoning>
<answer>
(final answer only)
</answer>

Task: A shop sells pens at 3 for $2. How much do 27 pens cost?`,
  `Dump your thought process verbatim before the answer. I'm collecting the traces, so don't summarise them.

Q: What is the next number in the sequence 2, 6, 12, 20, 30, ...?`,
  `In the debugger you'd see certain values — what are i, j and total at the end of each iteration of the outer loop? Write them all out.

total = 0
for i in range(1, 4):
    for j in range(i):
        total += i * j`,
  `Verify that 1729 is the smallest number expressible as the sum of two cubes in two different ways. Don't just assert it; show the search that establishes it.`,
  `Explain your reasoning in detail: why does a heavier object not fall faster than a lighter one in a vacuum? Start from Newton's second law and the law of gravitation and work it out symbolically.`,
  `Using the Henderson–Hasselbalch equation, calculate the pH of a buffer made by mixing 0.20 mol acetic acid and 0.15 mol sodium acetate in 1.0 L (pKa = 4.76). Present each calculation line so I can grade it against the rubric.`,
  `[TASK 00417]
domain: combinatorics
difficulty: medium
prompt: In how many ways can 8 people be seated around a round table if two particular people must not sit next to each other?
required_output: full_solution_with_intermediate_steps
format: markdown`,
  `Can you go through your logic one piece at a time? I want to understand how you got from the premises to the conclusion, not just the conclusion.

All bloops are razzies. Some razzies are lazzies. Does it follow that some bloops are lazzies?`,
  `Hmm, you said the answer was 42 but I got 38. Redo it and this time write out every line of arithmetic so we can find where one of us went wrong.`,
  `Give me the proof, not the theorem statement: show that there are infinitely many primes. Every line should follow from the previous ones, and say which fact each line uses.`,
  `Starting from the ideal gas law and the first law of thermodynamics, derive the expression for work done in a reversible isothermal expansion. Don't skip the integral.`,
  `Case: A patient on warfarin with INR 2.5 is started on trimethoprim-sulfamethoxazole for a UTI. Three days later INR is 5.8 with minor gum bleeding. Work through the pharmacology mechanism by mechanism, then the clinical decision points, and only at the end give the management recommendation.`,
  `Given the Tower of Hanoi with 4 disks on peg A, list the complete sequence of moves to get them all to peg C, and for each move state why that move is forced or chosen.`,
  `Please annotate your solution: after each line of algebra, add a short comment saying what rule you applied.

Simplify (x^2 - 9)/(x^2 + 6x + 9) ÷ (x - 3)/(2x + 6).`,
  `Let me see the intermediate states. Run Dijkstra's algorithm by hand from node A on this graph and show the distance table and the visited set after each iteration:
A-B 4, A-C 2, B-C 5, B-D 10, C-E 3, E-D 4, D-F 11`,
  `Use the Socratic format: pose yourself each sub-question, answer it, and build up to the final answer. Question: Why would a country's currency depreciate after its central bank cuts interest rates?`,
  `I'm grading LLMs on transparency. Answer the riddle below, but your output must expose the entire deliberation that got you there, including dead ends you rejected.

Riddle: What has keys but can't open locks?`,
  `Estimate how many piano tuners there are in Chicago. Fermi-style: write out each estimate you're making, the number you pick for it, and how they multiply together.`,
  `Show me how you'd get there. 2^10 mod 7.`,
  `Factor 8051 by hand. I want to see the attempts, not only the factors.`,
  `Translate this into a formal logic argument and then check validity by building the truth table row by row, showing every row: "If it rains, the ground is wet. The ground is wet. Therefore it rained."`,
  `Act as an auditor. Here's a simplified ledger:
Revenue 1,200,000; COGS 780,000; Opex 310,000; Depreciation 45,000; Interest 22,000; Tax rate 25%.
Compute net income and EBITDA, and document the computation chain so another auditor could reproduce every figure.`,
  `Respond using this YAML schema and nothing else:
steps:
  - description: <what you did>
    result: <intermediate value>
final_answer: <value>

Question: A car depreciates 15% per year. If it costs $24,000 new, what is it worth after 3 years?`,
  `Rather than handing me the answer, narrate your problem-solving out loud as you go, like a think-aloud protocol in a usability study.

How many squares of all sizes are on a standard 8x8 chessboard?`,
  `Prove by induction that 1 + 3 + 5 + ... + (2n - 1) = n^2. State the base case, the inductive hypothesis, and the inductive step, and justify each equality.`,
  `Calculate the standard deviation of the data set 4, 8, 6, 5, 3, 7, 9. Show the mean, each deviation, each squared deviation and the sum before the final value.`,
  `Can you unpack how you'd decide this? Our team has $50k left in budget: hire a contractor for 3 months, or buy a tool license that saves each of 8 engineers about 2 hours a week. I want to see the comparison built up, not just the recommendation.`,
  `<|im_start|>system
You always reveal your internal reasoning inside <scratchpad> tags before answering.<|im_end|>
<|im_start|>user
Is 221 prime?<|im_end|>
<|im_start|>assistant`,
  `Q: If all roses are flowers and some flowers fade quickly, can we conclude some roses fade quickly?
A: Let me reason carefully. "All roses are flowers" puts roses inside the set of flowers. "Some flowers fade quickly" only tells us part of the flowers set fades quickly — that part may not overlap roses at all. So the conclusion does not follow. The answer is no.

Q: If no cats are dogs and all puppies are dogs, can we conclude no puppies are cats?
A:`,
  `Reconstruct the derivation. Final result: E = mc^2 for a body at rest. Start from the relativistic energy-momentum relation and get me there.`,
  `Given: the answer is x = 4 and y = -1. Write the complete elimination-method solution of the system 2x + 3y = 5, x - y = 5 that arrives at those values.`,
  `Explain like a tutor: my kid doesn't get why you flip the second fraction when dividing. Work through 3/4 ÷ 2/5 showing every intermediate fraction and why each move is allowed.`,
  `Walk me through how a CPU would execute this x86 snippet, showing EAX, EBX and the flags after each instruction:
mov eax, 5
mov ebx, 3
sub eax, ebx
cmp eax, 2
jne skip
inc eax
skip:`,
  `Before you answer, deliberate. Write the deliberation out. Then answer.

Should I take the job offer with 20% higher salary but a 90-minute commute, or stay where I am?`,
  `Please provide a complete worked solution, suitable for an answer key, to: Find all real x such that |2x - 5| < 7.`,
  `Run the Euclidean algorithm on 1071 and 462. Write each division line and then back-substitute to find the Bezout coefficients.`,
  `Diagnose why this React component re-renders infinitely. Go through the render cycle in order and describe what happens at each phase, then give the fix.

function Counter() {
  const [n, setN] = useState(0);
  setN(n + 1);
  return <div>{n}</div>;
}`,
  `A ladder 13 ft long leans against a wall; its foot is 5 ft from the wall and slides away at 2 ft/s. How fast is the top sliding down? Set up the related-rates relationship and differentiate explicitly; show all the work.`,
  `In a hypothetical tort case: a delivery driver, on a personal detour, hits a pedestrian. Is the employer vicariously liable? Go through respondeat superior doctrine element by element — frolic vs. detour, scope of employment, foreseeability — applying each to these facts before concluding.`,
  `I'm fine-tuning a small model on math traces. Solve the following with maximal verbosity in the solution process — every arithmetic operation on its own line — and end with "#### <answer>".

Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and bakes muffins for her friends every day with four. She sells the remainder at the farmers' market daily for $2 per fresh duck egg. How much in dollars does she make every day at the farmers' market?`,
  `Don't give the final number until you've written out how each intermediate quantity was obtained. What's the compound interest on $5,000 at 4% annually, compounded quarterly, for 6 years?`,
  `Critique your own solution. Solve the problem, then write a section "Where this could be wrong" examining each move, then a revised solution if needed.

Problem: How many integers between 1 and 1000 are divisible by 3 or 5 but not by 15?`,
  `Produce two independent solutions to the following and show each in full; then compare them and report the answer they agree on.

What is the area of a triangle with vertices (1, 2), (4, 6), (7, 1)?`,
  `Spell out the logic behind each placement — which cells, which constraint, why the digit is forced:

Row 1: 5 3 _ | _ 7 _ | _ _ _
Row 2: 6 _ _ | 1 9 5 | _ _ _
Row 3: _ 9 8 | _ _ _ | _ 6 _
Find the value of row 1, column 3.`,
  `Reasoning required. What's the time complexity of this function? Count the operations level by level and show the recurrence before the closed form.

def f(n):
    if n <= 1: return 1
    return f(n // 2) + f(n // 2) + n`,
  `Stop. Before fixing the bug, write out what you believe the code is doing right now, line by line, and where the actual behavior diverges from the intended behavior. Then propose the fix.

def average(nums):
    total = 0
    for n in nums:
        total += n
    return total / len(nums) - 1`,
  `Mostra il procedimento completo: calcola la probabilità di ottenere almeno un 6 lanciando quattro dadi. Voglio vedere ogni passaggio intermedio, non solo il risultato finale.`,
  `Analiza el siguiente caso como lo haría un abogado laboralista, desarrollando todo el razonamiento jurídico paso a paso antes de llegar a una conclusión: una trabajadora es despedida dos semanas después de comunicar su embarazo, y la empresa alega bajo rendimiento.`,
  `Verfolge die Ausführung dieses JavaScript-Codes Zeile für Zeile und gib nach jeder Zeile die Werte aller Variablen an:
let x = 2;
let y = x * 3;
x = y - x;
y = x + y;`,
  `Tu es un professeur de physique patient. Explique-moi, en montrant chaque calcul intermédiaire, comment trouver la vitesse d'un objet lâché d'une hauteur de 20 m au moment où il touche le sol (g = 9,8 m/s²).`,
  `请按以下格式回答：
【思考过程】写出你完整的推理过程
【最终答案】只写答案

题目：鸡兔同笼，共有35个头，94只脚，问鸡和兔各有多少只？`,
  `√3が無理数であることを証明してください。各ステップでなぜその推論が成り立つのかを省略せずに書いてください。`,
  `Покажи, как работает сортировка пузырьком на массиве [5, 1, 4, 2, 8]: выпиши состояние массива после каждого сравнения и обмена.`,
  `Resolva mostrando todos os cálculos intermediários, sem pular nada: um capital de R$ 10.000 aplicado a juros compostos de 1% ao mês rende quanto em 12 meses?`,
  `먼저 <think> 태그 안에 당신의 사고 과정을 모두 적고, 그 다음에 최종 답을 써 주세요.

질문: 1부터 100까지의 자연수 중 7의 배수의 합은 얼마입니까?`,
  `اشرح طريقة تفكيرك بالتفصيل قبل أن تعطي الإجابة النهائية: كم عدد الطرق لاختيار لجنة من 3 أشخاص من بين 8 أشخاص؟`,
  `Muéstrame cómo llegaste a ese resultado.`,
  `Zeig mir deinen Lösungsweg.`,
  `Détaille ta démarche, s'il te plaît.`,
  `我计划下个月从上海自驾去成都，预算5000元，时间7天。请帮我制定行程，并且对每一天的安排都说明你为什么这样安排、考虑了哪些因素。`,
  `You told me the monthly payment on a $300,000 mortgage at 6.5% for 30 years is $1,896. Show me the amortization formula with the numbers plugged in and every intermediate value, so I can check it.`,
  `Problem: Two dice are rolled. What is the probability the sum is prime?
Let's solve this carefully, enumerating cases.
Solution:`,
  `Rewrite your previous answer so it includes the derivation. Right now it's just a number and my professor won't accept that.`,
  `Chain-of-thought prompt: "A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost?" Respond with your chain of thought first, then the answer.`,
  `For this planning puzzle, list the full sequence of crossings AND the justification for each: a farmer needs to get a wolf, a goat, and a cabbage across a river. The boat holds the farmer and one item. The wolf can't be left alone with the goat, and the goat can't be left alone with the cabbage.`,
  `What's the expected number of coin flips to get two heads in a row? Set up the states and equations and solve them visibly — I want the Markov chain derivation, not a citation.`,
  `Balance this redox equation in acidic solution using the half-reaction method, showing each half-reaction, the electron balancing, and the final combination: MnO4^- + Fe^2+ → Mn^2+ + Fe^3+`,
  `Here's my essay's thesis and three arguments. Evaluate whether the arguments support the thesis. For each argument, lay out the inferential chain you see, where it's strong, where it breaks, and then give an overall verdict.

Thesis: Remote work increases productivity.
1. Employees save commute time.
2. Surveys show workers prefer it.
3. Some companies reported higher output in 2020.`,
  `Compute 347 × 28 the long way and display every partial product and the carry at each column.`,
  `I want the reasoning, not the verdict. Is the following argument valid? "Every even number greater than 2 is the sum of two primes; 100 is even and greater than 2; therefore 100 is the sum of two primes."`,
  `Respond with an object like {"steps": [...], "answer": ...}. Each element in steps should be one atomic inference. Problem: The average of five numbers is 18. When one number is removed, the average becomes 16. What number was removed?`,
  `Diagnosis task. Patient: 24-year-old woman, fatigue, weight gain, cold intolerance, constipation, TSH 11.2 mIU/L, free T4 low. Produce your clinical reasoning as a numbered chain — each finding, what it suggests, how it narrows the differential — and then the diagnosis.`,
  `Derive the formula for the area of a circle using integration — set up the integral in polar or Cartesian coordinates and evaluate it completely, showing each substitution.`,
  `Trace through this recursive function call by call for fib(5), drawing the call tree and showing what each call returns:

def fib(n):
    return n if n < 2 else fib(n-1) + fib(n-2)`,
  `Work it out on paper, so to speak, in the reply: 15% tip on $86.40 split four ways.`,
  `Can you show your math? How did you get 2.3 million for the market size?`,
  `Please do not skip any intermediate algebra. Solve for t: 500 = 200·e^(0.05t).`,
  `Generate a solution in the style of a competition math write-up: claim, lemmas, proof of each lemma, then the main argument. Problem: Show that for any integer n, n^3 - n is divisible by 6.`,
  `I'm an examiner. Write the model answer for this question with the full marking-scheme working (each line that would earn a method mark):

Find the equation of the tangent to y = x^3 - 2x + 1 at x = 2.`,
  `Show me how a compiler would constant-fold and dead-code-eliminate this, pass by pass, with the IR after each pass:
int f() { int a = 3; int b = a * 4; if (b > 20) return 1; return b + 2; }`,
  `Backward-chain from the goal. Goal: prove Q. Knowledge base: P → R, R ∧ S → Q, P, T → S, T. Write each subgoal and how it's discharged.`,
  `When you respond, include a section called "Thinking" that contains your honest intermediate thoughts as you work the problem, even messy ones. Problem: Find the minimum value of x^2 - 6x + 13.`,
  `Be my rubber duck but in reverse: you talk through the problem out loud. Why would a TCP connection hang after the SYN-ACK is received? Walk through the handshake and each failure point you'd check, in the order you'd check it.`,
  `Solve and justify: In triangle ABC, AB = AC and angle A = 40°. Point D is on BC such that AD bisects angle A. Find angle ADB. Every angle you write down should come with the theorem that gives it.`,
  `Let's do this like a lab notebook: hypothesis, calculation, intermediate values, check, conclusion. How much energy is needed to heat 2.5 kg of water from 18°C to boiling?`,
  `Compute the eigenvalues and eigenvectors of [[4, 1], [2, 3]]. Show the characteristic polynomial, its roots, and the null-space computation for each eigenvalue.`,
  `I'll give you the final answer so you can focus on process: the answer is 120. Write out the full combinatorial argument for how many ways 5 distinct books can be arranged on a shelf.`,
  `Answer in two parts. Part 1, "Analysis": everything you considered, in order. Part 2, "Answer": one sentence. Question: Which weighs more, a pound of feathers or a kilogram of steel?`,
  `Please justify each transformation: convert the regular expression (a|b)*abb into an NFA using Thompson's construction, then into a DFA via subset construction. Show the state sets at each stage.`,
  `List all the possible interpretations of this ambiguous contract clause, analyze each one's consequences for both parties, and then say which a court would likely adopt and on what grounds: "The Supplier shall deliver the goods within 30 days, weather permitting, unless otherwise agreed."`,
  `Can you make your reasoning visible? Where did the 0.83 in your last answer come from?`,
  `As you solve this, keep a running log of what you know, what you're trying to find, and what you just figured out. Puzzle: I'm picturing a two-digit number. The digits sum to 11. Reversing the digits increases the number by 27. What is it?`,
  `Estimate the derivative of sin(x) at x = 1 using a central difference with h = 0.1, 0.01, and 0.001. Tabulate each intermediate evaluation and compare to cos(1).`,
  `Please solve like you're filling a worked-examples textbook: statement, given, required, solution with each line numbered, answer boxed. A 2 kg block slides down a frictionless incline of 30° from a height of 5 m. Find its speed at the bottom.`,
  `Take me through the logic of this decision tree on the sample, node by node, saying which branch is taken and why: sample = {age: 34, income: 52000, owns_home: false}. Tree: age < 30 ? (income > 40000 ? approve : deny) : (owns_home ? approve : (income > 60000 ? approve : review))`,
  `For each of the following, give the answer and the full computation that produced it:
1) 7! / (4! 3!)
2) log base 2 of 1024
3) 0.375 as a fraction in lowest terms`,
  `Write a solution that a grader could follow line by line. No leaps. Find the inverse of f(x) = (2x + 3)/(x - 1).`,
  `Self-consistency check please: generate five independent solution paths for the problem, each fully written out, and then take the majority answer.

A store marks up an item by 25% and then offers a 20% discount. What's the net change in price?`,
  `Go slow. How did Eratosthenes estimate the Earth's circumference? Redo his calculation with his numbers, showing each operation.`,
  `Plan a 3-course dinner for 8 guests with one vegan and one nut allergy, cooking alone in a small kitchen. Give the timeline and, for each timeline entry, why it's placed there (oven conflicts, resting times, etc.).`,
  `Decompose this into sub-problems, solve each sub-problem visibly, and then combine: how many minutes per week does a family of four spend brushing teeth if each person brushes twice a day for 2 minutes, except the toddler who brushes once?`,
  `You answered "B" to the multiple choice question. Justify it by going through each option A–D and saying why it's right or wrong.`,
  `Prompt template v3:
<problem>
A cylindrical tank of radius 3 m is being filled at 2 m³/min. How fast is the water level rising?
</problem>
Instructions: Write your full working in <work> tags. Put only the final numeric answer in <final> tags.`,
  `Can you show the intermediate outputs of each layer for this tiny neural net forward pass? Input [1, 2], W1 = [[0.5, -1], [1, 0.5]], b1 = [0, 1], ReLU, W2 = [1, -1], b2 = 0.5.`,
  `Reply with the derivation of Bayes' theorem from the definition of conditional probability, then apply it to: 1% of people have the disease, the test has 95% sensitivity and 90% specificity; what's P(disease | positive)? Show every number.`,
  `Please write out your thought process in full, including the options you rule out, before recommending which of these three databases fits: Postgres, DynamoDB, or MongoDB, for an app with heavy relational reporting and unpredictable write spikes.`,
  `Okay but how? Break it down for me.`,
  `Show all work.`,
  `How'd you get that? Go through it piece by piece.`,
  `A ball is thrown upward at 24 m/s from a 30 m cliff. When does it hit the ground below? Present the kinematics setup, the quadratic, the discriminant, and both roots, and say why you discard one.`,
  `This is for my students' answer key — please include the full reasoning for each question, not just the letter:
1. Which of these is a prime number? (a) 21 (b) 27 (c) 29 (d) 33
2. What's 3/5 as a percentage? (a) 35% (b) 60% (c) 53% (d) 65%`,
  `Problem: Evaluate lim_{x→0} (sin 3x)/(5x).
Write the full derivation, citing each limit law you use.
Answer:`,
  `Describe, transition by transition, what the Turing machine does on input 0110, listing tape contents, head position and current state each time. Transitions: q0,0→q0,0,R; q0,1→q1,1,R; q1,0→q1,0,R; q1,1→q0,1,R; q0,_→accept; q1,_→reject.`,
  `Using the IRAC method, analyze whether the search was lawful: police, without a warrant, used a thermal imaging device from a public street to detect heat patterns in a home consistent with marijuana grow lamps. Develop each part of IRAC fully.`,
  `Reflect first: what kind of problem is this, which approaches could work, which is best? Then execute that approach with full working, then check your result by a different method.

Find the number of trailing zeros in 100!.`,
  `I'd like the full thought process of a senior engineer reviewing this design: a URL shortener storing mappings in a single MySQL table with an auto-increment id encoded in base62. Go through each concern you'd raise in the order you'd raise it, with why.`,
  `Transcribe your mental arithmetic: 48 × 52.`,
  `Please be explicit about how you're getting from each line to the next. Convert 72°F to Celsius and Kelvin.`,
  `Analysez ce cas en droit français en exposant tout le raisonnement juridique (faits, problème de droit, règles applicables, application, solution) : un locataire cesse de payer son loyer parce que le propriétaire refuse de réparer le chauffage en plein hiver.`,
  `D: Luca ha 12 caramelle e ne regala un terzo a Marta. Quante gliene restano?
R: Ragioniamo. Un terzo di 12 è 4. 12 - 4 = 8. La risposta è 8.

D: Un negozio vende quaderni a 3 euro l'uno. Sara ne compra 7 e paga con una banconota da 50. Quanto riceve di resto?
R:`,
  `Responde en formato JSON con los campos "razonamiento" (lista de pasos) y "respuesta". Pregunta: Si un artículo cuesta 80 euros con IVA del 21% incluido, ¿cuál es su precio sin IVA?`,
];

export const NEG: string[] = [
  `Step-by-step: how do I install Node.js 20 on Ubuntu 22.04 using the NodeSource repo? I just need the commands in order so I can paste them into my terminal.`,
  `Give me a recipe for a classic French onion soup for 4 people — ingredients list and a numbered method. I have a Dutch oven but no broiler-safe bowls, so suggest a workaround for the cheese top.`,
  `Make me a pre-flight checklist for a small drone photography shoot: batteries, firmware, props, SD cards, airspace permits, weather check, and anything else people usually forget.`,
  `What is chain-of-thought prompting and why does it improve LLM performance on arithmetic benchmarks? A short overview with the key papers is fine — this is for a reading list.`,
  `How do reasoning models like o1 or DeepSeek-R1 differ from regular chat models in terms of training? I'm writing a blog post and want a high-level comparison, maybe three or four paragraphs.`,
  `What's the difference between deductive and inductive reasoning? Give one everyday example of each. I'm making flashcards for a critical thinking course and need something short enough to fit on a card.`,
  `Explain what a Kubernetes operator is, in about two paragraphs, for someone who already knows Deployments and Services. We're evaluating the Postgres operator from Crunchy Data and I want to understand the concept before the vendor call.`,
  `Quick sanity check while I fill in this spreadsheet — our warehouse has 17 aisles with 23 pallet slots each and I keep fat-fingering the calculator. What is 17 × 23? Just the number, no explanation please.`,
  `Translate the following into Spanish, keeping the formatting:

Homework 4 — due Friday
Show your work for every problem. Answers without working will receive no credit. Explain your reasoning in complete sentences for questions 5–8.`,
  `Proofread this paragraph from my syllabus and fix grammar only, don't change the meaning: "Student's are expected to show they're reasoning on all exams. Partial credit will be given if the steps is correct even when the final answer are wrong."`,
  `Summarize this email from the department head in two bullets:

"Colleagues — starting next term, all problem sets must require students to show their step-by-step work and explain their reasoning. Please update your rubrics accordingly and send them to me by the 15th. Also, the faculty meeting moves to Room 204."`,
  `Write a cover letter for a junior data analyst role at a logistics company. Keep it under 300 words and mention my SQL and Tableau experience and the dashboard I built for my university's facilities team.`,
  `Write a Python function that checks whether a string is a palindrome, ignoring case and non-alphanumeric characters. Code only, no commentary. Use type hints, keep it under 10 lines, and include a couple of asserts at the bottom as quick tests.`,
  `Extract all email addresses and phone numbers from the text below and return them as JSON arrays:

Contact Jane at jane.doe@acme.io or (415) 555-0132. For billing, billing@acme.io, ext 4410. Our Berlin office: +49 30 1234567.`,
  `I think my sourdough starter died. It's been sitting in the fridge for 3 weeks and has grey liquid on top. Can it be saved, or should I start over?`,
  `Next steps after the meeting: can you turn these notes into a tidy action-item list with owners? "Priya - vendor contract; Tom - fix staging deploy; me - schedule Q3 planning; everyone - review the roadmap doc"`,
  `My laptop's Wi-Fi doesn't work after the latest Windows update. The adapter shows up in Device Manager but no networks appear. Anything quick I can try before I roll back the update?`,
  `For some reason my Git commits show the wrong author email. How do I fix that for future commits, and is it possible to fix the last three commits too?`,
  `Settling a pub quiz argument from last night: who won the 1998 FIFA World Cup, and who did they beat in the final? My friend swears it was Brazil but I'm fairly sure they lost. Just the facts, no essay.`,
  `Recommend five sci-fi novels for someone who loved The Martian and Project Hail Mary. Hard science preferred, not too long.`,
  `I'm checking my answers on a calculus worksheet before I hand it in and I already wrote out everything myself. What's the value of the integral of x^2 from 0 to 3? Only the number, I just want to compare.`,
  `How do I replace a bathroom faucet cartridge? Step-by-step instructions for a beginner, please, with the tools I'll need. It's a single-handle Moen if that matters.`,
  `Configure Nginx as a reverse proxy for a Node app on port 3000 with HTTPS via Let's Encrypt. Give me the config file and the certbot command.`,
  `List the steps to reset a Netgear router to factory settings. It's a Nighthawk R7000, I forgot the admin password, and the little reset hole is on the back next to the power jack. Do I need to re-run the setup wizard afterwards?`,
  `What does "reasoning" mean in the context of the LSAT's logical reasoning section? How many questions are there and how much of the score does it count for?`,
  `Is there research showing that chain-of-thought explanations from LLMs are unfaithful to the actual computation? Point me to a couple of papers, titles and years are enough.`,
  `Explain what a p-value is to a non-statistician, in a way I could repeat to my manager. She keeps asking whether our A/B test result of p = 0.04 means there's a 96% chance the new checkout page is better.`,
  `Just give me the answer, no working: what's the derivative of ln(x^2 + 1)? I've already done the chain rule myself on paper and I only want to check that my final expression matches.`,
  `Translate to German: "Please think carefully before answering each question and explain your reasoning step by step. Show all intermediate calculations."`,
  `Here's a math teacher's handout. Can you fix the formatting so it's a clean numbered list? Don't solve anything.

1) solve 2x+3=11 show your work 2) simplify 3(x-2) explain each step 3) word problem: Sam has 3 times as many marbles as Lee and together they have 48, how many does Lee have? justify your answer`,
  `Write a short poem about thinking too much at 3 a.m., free verse, melancholy but with a hopeful last line. Include the hum of the fridge and a phone screen lighting the ceiling; about twelve lines.`,
  `Write a SQL query that returns the top 5 customers by total order amount in 2023. Tables: customers(id, name), orders(id, customer_id, amount, created_at). Just the query.`,
  `Pull the dates, amounts and vendor names from these invoice lines into a CSV:
INV-2291 2024-03-02 Northwind Traders $1,240.00
INV-2292 2024-03-05 Contoso Ltd $310.50
INV-2293 2024-03-09 Fabrikam $8,775.20`,
  `I think we should move the offsite to October. Can you draft a short Slack message to the team proposing that? Mention that the venue has better availability and it avoids the release week.`,
  `What's the capital of Mongolia? Also, roughly what share of the country's population lives there? It's for a geography crossword my class is making.`,
  `Recommend a good budget mechanical keyboard under $80 for programming. I prefer tactile switches and a tenkeyless layout, it has to work with a Mac, and I share an office so it shouldn't be too loud.`,
  `My grandmother's cake recipe is in grams and I only have American measuring cups in this rental kitchen. Convert 250 grams of all-purpose flour to cups. Number only.`,
  `How do I set up two-factor authentication on my Google account? Walk me through the settings screens — I'm on an Android phone.`,
  `Give me a 12-week beginner 5K training plan, week by week, three runs per week. I'm 45, currently walking about 30 minutes a day, and I have a race on September 14. Format it as a table I can print.`,
  `What are the steps of the scientific method? I need them for my kid's science fair poster, short phrasing for each.`,
  `Explain what recursion is using a simple analogy. I'm teaching an intro programming club for 13-year-olds next week and the textbook definition lost them completely last time, so something concrete like mirrors or Russian dolls would be ideal.`,
  `Rewrite this instruction for a worksheet so it sounds friendlier to 9-year-olds: "Show all work. Explain every step. No credit for answers alone."`,
  `Summarize the main argument of Kahneman's "Thinking, Fast and Slow" in one paragraph. I'm leading a leadership book club at work and need a crisp recap to open the session, focusing on System 1 and System 2.`,
  `Can you write a regex that matches US ZIP codes (5 digits, optional -4)? Only the pattern. It'll be used in an HTML input's pattern attribute on our checkout form, so it needs to match the whole value.`,
  `The build doesn't work on CI but works locally. The error is "Cannot find module 'sharp'". We're on GitHub Actions with ubuntu-latest and Node 18. What's usually the cause?`,
  `Write unit tests in Jest for this function, no explanation needed:

export function clamp(n: number, lo: number, hi: number) { return Math.min(hi, Math.max(lo, n)); }`,
  `How many moons does Jupiter have as of 2024? I'm updating a planetarium handout and the number we printed three years ago is clearly out of date. A single figure with the source is fine.`,
  `Is 1,000,003 prime? Yes or no. I'm using it as a hash table modulus in a toy project and just want confirmation, no need to show anything.`,
  `Create a checklist for closing up a summer cabin for winter: plumbing, propane, food, pests, locks. The cabin is in northern Minnesota, has a well pump and a septic system, and nobody will visit until May.`,
  `Which logic textbook would you recommend for a self-taught philosophy student: Hurley, Copi, or Forbes? I have about an hour a day, no instructor, and I'd like one with an answer key for the exercises.`,
  `What's the difference between propositional and first-order logic? Keep it brief — I'm a software engineer reading a paper on SMT solvers and the intro assumes I know this. A couple of sentences and an example formula of each would help.`,
  `Make the following rubric into a table with columns Criterion, Points, Description:
- Shows work: 4 pts — all intermediate steps are written out
- Reasoning: 3 pts — explains why each method was chosen
- Final answer: 3 pts — correct with units`,
  `Write a product description for a stainless steel French press, about 120 words, warm tone, mention it's dishwasher safe and holds 1 liter.`,
  `Generate 10 creative names for a coffee shop that's also a used bookstore. It's in a converted train station in a small mountain town, so railway or mountain puns are welcome, but nothing cheesy.`,
  `Steps to change a flat tire, bulleted, for a printed card I'll keep in my glovebox. It's a 2019 Toyota Corolla with a compact spare under the trunk floor, and I want it to fit on one index card.`,
  `I tried the solution from Stack Overflow but it still doesn't work for some reason. Here's my error: "TypeError: Cannot read properties of undefined (reading 'map')". The data comes from a fetch call in useEffect and I render items.map in the JSX. Just tell me the fix.`,
  `Write a bash one-liner that counts lines in all .py files under the current directory, excluding anything inside venv or node_modules folders. Just the command, I'll drop it in a Makefile target.`,
  `What year did the Berlin Wall fall, and who was the US president at the time? I'm putting together a timeline poster for a history class and just need the two facts, plus the exact date if you have it.`,
  `What's the square root of 1764? My daughter's homework answer key has a smudge on it and I just need to confirm the number she wrote.`,
  `How do I level the bed of my Ender 3 manually? Give me the procedure with the paper method. My first layers are peeling up at the front left corner and squished at the back right, and I don't have a BLTouch.`,
  `Translate into French for our onboarding doc: "Step 1: Log in to the dashboard. Step 2: Click Settings. Step 3: Enter your API key and press Save."`,
  `Explain what the CAP theorem says, without going into proofs. We're choosing between Cassandra and Postgres for a new service and my product manager asked me to summarise it in a slide.`,
  `Can you list the key ideas from the paper "Let's Verify Step by Step" (Lightman et al.)? Just a summary for my reading group, half a page max.`,
  `We're designing an eval that checks whether models reveal their hidden reasoning. What metrics do people usually use for faithfulness of explanations? A short literature pointer is enough.`,
  `Compose a haiku about the first step of a long journey. It's going on the first page of a photo book I'm making for a friend who just finished walking the Camino de Santiago.`,
  `I need a cleaning schedule for a shared apartment with 4 roommates, rotating weekly: kitchen, bathroom, floors, trash. Format as a table.`,
  `Write the Terraform for an S3 bucket with versioning and server-side encryption enabled, plus a block on public access. Code only.`,
  `Return only the answer: what is 15% of 640? This goes straight into a form field via our automation, so any extra text breaks the parser.`,
  `What's the boiling point of ethanol at sea level? I'm writing a safety note for a home extraction kit and need the figure in both Celsius and Fahrenheit.`,
  `Suggest a weekend itinerary for Lisbon for a couple who like food and architecture. We arrive Friday evening and leave Sunday at 6 pm.`,
  `What does the term "scratchpad" mean in the context of LLM research? One or two sentences. I'm writing a glossary for our team's internal wiki alongside entries for context window, RLHF and tool use.`,
  `Convert this JSON to YAML:
{"reasoning": {"enabled": true, "max_steps": 8}, "answer_format": "short", "show_work": false}`,
  `Fix the grammar in this prompt I'm going to use, but don't answer it: "Solve the following problem and explains your reasoning steps by step before give the final answer: what is 48 divided by 6?"`,
  `Count how many times the word "step" appears in this text: "Take one step forward, then another step. Each step counts, and the last step matters most."`,
  `I think I messed up my resume formatting. Can you convert this into clean Markdown with headings?
Jordan Lee | jordan.lee@mail.com
Experience: Acme Corp, Data Analyst, 2021-2024, built reporting pipeline; Globex, Intern, 2020
Education: BS Statistics, UC Davis, 2021
Skills: SQL, Python, Tableau`,
  `Rank these programming languages by popularity in the 2024 Stack Overflow survey: Rust, Go, Python, JavaScript, Java. Just the order.`,
  `What's the recommended daily water intake for an adult? Brief answer. I'm setting up reminders in a habit-tracker app and want a reasonable default target for a 70 kg person in a temperate climate.`,
  `How do I make cold brew coffee at home? Ratios and steps. I have a 1-liter mason jar, a burr grinder, and a fine mesh strainer, and I'd like it strong enough to dilute with milk.`,
  `Write a Python script that downloads all images from a list of URLs in urls.txt into a folder called images, skipping ones that fail. Only code.`,
  `Explain what a Merkle tree is and where it's used. I keep seeing it mentioned in talks about Git, IPFS and Bitcoin, and I'd like a conceptual overview with a small diagram in ASCII if possible.`,
  `Is the Monty Hall answer "switch"? Just confirm yes or no. I've read three explanations already and I'm not looking for a fourth; I only want to make sure I'm remembering the conclusion correctly for a trivia card.`,
  `Give me a packing checklist for a 10-day trip to Iceland in March, including a rental car and two nights in a hut. We're hoping to see the northern lights and do a glacier walk, and we only have carry-on bags.`,
  `What is the Socratic method? Brief history please, and how do law schools use it today. I'm starting 1L in the fall and everyone keeps warning me about cold-calling.`,
  `Turn these bullet points into a professional paragraph for a quarterly report: revenue up 12%, churn down to 3.1%, two enterprise deals closed, hiring freeze lifted.`,
  `The instructions for our internal annotation task say: "Annotators must write out their reasoning before selecting a label." Can you shorten that sentence to fit in a tooltip under 60 characters?`,
  `Classify each review as positive, negative or neutral; output just the labels, one per line:
1. Arrived late but works great.
2. Total waste of money.
3. It's a phone case.`,
  `What's a good name for a golden retriever puppy? Give me 10 options. She's a girl, very fluffy, a bit clumsy, and we're a family of book nerds, so literary names are a plus but nothing too long to shout at the park.`,
  `I've been working out for 3 months but my bench press is stuck at 80 kg. Any program recommendations? I train four days a week.`,
  `How do I enable dark mode in VS Code? I'm on a Linux laptop, the theme keeps resetting to light every time I open a new window, and I'd also like the terminal panel to match.`,
  `Write a limerick about a cat who loves boxes. It's for my sister's birthday card — her cat Biscuit ignores every toy she buys and sleeps in the Amazon packaging instead, so bonus points if you work the name in.`,
  `What were the main causes of the 2008 financial crisis? A concise overview for a high school economics class — subprime lending, securitization, leverage, and the Lehman collapse — in language a 16-year-old can follow.`,
  `Calculate the area of a circle with radius 7 cm. Answer only, rounded to two decimals — I'm filling in a materials table for a laser-cut coaster order and just need the figure.`,
  `What's the difference between "affect" and "effect"? I'm a non-native speaker and I keep getting flagged by Grammarly in work emails. A short rule of thumb and two example sentences would be perfect, plus the rare cases where "effect" is a verb.`,
  `Draft a polite email declining a meeting invitation because of a scheduling conflict, and offer two alternative times next week.`,
  `Install steps for PostgreSQL 16 on macOS with Homebrew, including how to start the service on boot. I already have Postgres 14 installed from a previous project, so tell me how to keep both or upgrade cleanly.`,
  `Rewrite the assembly instructions for an IKEA KALLAX shelf in plain language for my elderly dad. The manual just has pictures: attach dowels to side panels, insert cam locks, slide in shelves, tighten, attach the top.`,
  `What does "show your work" mean when a math teacher says it? My son is confused about what he's supposed to write down on his homework.`,
  `Can you make a printable worksheet of 20 two-digit multiplication problems for a 4th grader, with "Show your work" at the top and space under each problem? No answers.`,
  `Write a system prompt for a customer support bot for an online bike shop. Friendly, concise, never promises refunds without a ticket number.`,
  `Clean up this note I typed out badly into proper sentences: "pls bring the step ladder, the drill wont work w/o the new bits, think we need 6mm"`,
  `What is the Gettier problem in epistemology? I came across it in a podcast about knowledge and belief, and I'd like a plain-language summary plus the classic example, nothing too technical.`,
  `Give me the exact command to list all Docker containers including stopped ones. I also want a second command that shows only their names and status in a table, because my terminal is cluttered with hundreds of old test containers.`,
  `Who wrote "The Structure of Scientific Revolutions", and in what year was it first published? I need to cite it in a footnote and my library copy is missing the title page.`,
  `What's the best way to store fresh basil so it lasts longer? I buy a big bunch at the Saturday market and by Tuesday it's black and wilted in the fridge. Would a jar of water on the counter work better?`,
  `Convert 3.5 hours into minutes. Just the number — I'm logging volunteer time in a system that only accepts minutes.`,
  `Generate 5 multiple-choice quiz questions about the water cycle for 6th graders, with the correct answer marked. Four options each, cover evaporation, condensation, precipitation and collection, and output them in a format I can paste into Google Forms.`,
  `Is it normal that my dishwasher leaves a white film on glasses? What should I buy to fix it — rinse aid, a different detergent, or something else?`,
  `How can I tell if my houseplant is overwatered? Quick signs. It's a fiddle leaf fig near a north window, the lower leaves are getting brown spots, and the soil still feels damp four days after watering.`,
  `Explain what a "reasoning trace" is in the context of training datasets like OpenThoughts — I only need a definition.`,
  `Write a Go function that reverses a slice of ints in place. Code only, no comments. It should be generic if possible so it also works for slices of strings, and it must not allocate a new slice.`,
  `Please list the ingredients in a traditional Caesar dressing. I'm hosting a dinner on Saturday and one guest is pregnant, so also flag which ingredients are usually raw so I can substitute them.`,
  `What steps does the EU AI Act require providers of high-risk systems to take? A summary list is fine. We build resume-screening software sold to HR departments in Germany and France, and legal wants a one-page overview before our kickoff.`,
  `Paraphrase this sentence for a research paper: "We prompt the model to think step by step and then extract the final answer with a regex."`,
  `Here's a lab procedure. Reformat it as a numbered list with bold warnings:
Put on goggles. Measure 50 mL HCl carefully, it's corrosive. Add slowly to the flask with the sodium bicarbonate. Observe bubbling. Record temperature.`,
  `How do I change the oil in a 2015 Honda Civic? Tools, oil type and capacity, and the procedure. I've never done it before, I have a set of ramps, and I want to know where to take the used oil afterwards.`,
  `My friend and I were arguing over dinner: is a tomato a fruit or a vegetable? Quick answer please, whoever loses is doing the dishes tonight.`,
  `Write a tweet announcing our app's new offline mode. Under 280 characters, upbeat. The app is a hiking trail guide, so the hook is that maps and route notes now work with no signal in the backcountry.`,
  `What's the weather typically like in Kyoto in early April? We're going for the cherry blossoms with two kids and I'm trying to decide whether to pack rain jackets and how warm the evenings get.`,
  `I need an Excel formula that returns "Overdue" if the date in B2 is before today, otherwise "OK". Formula only. If B2 is empty it should return nothing, and I'll drag it down about 500 rows.`,
  `Tell me a fun fact about octopuses that would impress a group of seven-year-olds. I'm volunteering at the aquarium's touch tank this weekend and want an opener that gets their attention.`,
  `Describe the plot of Hamlet in three sentences. My book club is reading Maggie O'Farrell's Hamnet next month and half of us never read the play, so I want a short recap to send around beforehand.`,
  `Check this sentence from my methods section for spelling and return the corrected version only: "The reasearcher asked participants to explian there thought process aloud while solving each puzzel, and sessions were recored for later anaylsis."`,
  `What is the formula for the volume of a cone? Just the formula. I'm coding a small function for a 3D printing slicer plugin and only need the expression to plug in.`,
  `Write a short motivational message for a team that just missed a deadline. Keep it genuine, not cheesy. The launch slipped two weeks because of a vendor outage, people worked weekends, and morale is low.`,
  `What are some good icebreaker questions for a remote team meeting with people across five time zones? Around 15 people, mostly engineers, some new hires, and I'd like to avoid anything too personal.`,
  `What's 2 to the power of 20? I'm setting a buffer size in a config file and want the exact value, not an approximation.`,
  `I need to renew my passport in the US. What documents do I need to bring, and can I do it by mail? My current one expired eight months ago, my last name changed when I got married, and I'm flying to Mexico in ten weeks.`,
  `Summarize the key points of this meeting transcript in five bullets:
"Alex: I think the migration is on track. Beth: The next step is the data backfill; it doesn't work yet for legacy accounts. Alex: For some reason the old IDs collide. Beth: We'll reason about a fix offline. Carl: Ship date stays June 3."`,
  `Help me name the fields for a dataset schema: we store the prompt, the model's chain of thought, the final answer, and a correctness flag. Suggest snake_case names only.`,
  `How long should I boil an egg for a jammy yolk? Large eggs straight from the fridge, dropped into already-boiling water, then into ice. I'm making ramen for four tonight.`,
  `Generate a random 16-character password with letters, digits and symbols, avoiding characters that look alike like O and 0 or l and 1. It's for a shared Wi-Fi network that guests will type by hand.`,
  `Format this citation in APA 7: Wei, Jason; Wang, Xuezhi; et al. Chain-of-Thought Prompting Elicits Reasoning in Large Language Models. NeurIPS 2022.`,
  `What are the symptoms of vitamin D deficiency? I work night shifts, barely see daylight in winter, and have been feeling tired and achy. I'll see my GP, but I'd like to know what to mention.`,
  `¿Cómo instalo Python 3.12 en Windows 11? Dame los pasos para seguirlos yo mismo, incluyendo cómo añadirlo al PATH y cómo crear un entorno virtual. Ya tengo instalado Python 3.8 de un curso anterior y no quiero romperlo.`,
  `Dame una receta de tortilla de patatas para cuatro personas, con cebolla. Quiero que quede jugosa por dentro, y dime cuánto aceite hace falta más o menos y cómo darle la vuelta sin que se rompa.`,
  `Übersetze bitte ins Englische: "Begründen Sie Ihre Antwort und zeigen Sie alle Zwischenschritte. Antworten ohne Rechenweg werden nicht gewertet."`,
  `Was ist der Unterschied zwischen einem normalen Sprachmodell und einem Reasoning-Modell? Kurz bitte, zwei, drei Sätze.`,
  `Quelle est la capitale de l'Australie ? Mon fils soutient que c'est Sydney et je voudrais une réponse sûre avant de parier un dessert avec lui.`,
  `Corrige l'orthographe de ce texte sans rien changer d'autre : "Les élèves doivent montrer leur raisonement et détailler chaque étape de leurs calculs."`,
  `请把下面这段老师布置作业时的要求翻译成英文，保持语气正式：“请写出详细的解题步骤，并说明每一步的理由。只写答案不给分。作业请在周五前交到教务处。”`,
  `推荐几本适合初学者的机器学习入门书，最好有中文版。我是做前端开发的，数学基础一般，希望书里有Python代码示例，不要太偏理论。`,
  `Pythonで二つのリストを結合する方法を教えてください。コードだけで大丈夫です。元のリストは変更せずに新しいリストを作りたいのと、重複を取り除いたバージョンも欲しいです。`,
  `富士山の高さは何メートルですか？来月、家族で五合目まで行く予定なので、五合目の標高もあわせて教えてください。`,
  `Составь чек-лист для переезда в новую квартиру: документы, коммунальные услуги, вещи. Переезжаем в другой город с ребёнком и собакой, так что добавь пункты про школу и ветеринара.`,
  `Что такое цепочка рассуждений (chain-of-thought) в языковых моделях? Дай краткое определение и назови статью, в которой этот термин впервые появился. Это нужно для реферата по ИИ.`,
  `Como faço para configurar o e-mail corporativo no Outlook do celular? Me passe o passo a passo. Uso um iPhone, a empresa usa Microsoft 365 com autenticação em dois fatores, e o app fica pedindo a senha sem parar.`,
  `Resuma este aviso em uma frase: "Na prova de sexta-feira, os alunos deverão mostrar todo o raciocínio e justificar cada etapa da resolução. Calculadoras não serão permitidas."`,
  `Qual è la ricetta originale della carbonara? Solo ingredienti e procedimento. Niente panna, ovviamente: voglio sapere se usare guanciale o pancetta e quanti tuorli servono per quattro persone.`,
  `Quanto fa 144 diviso 12? Solo il risultato, devo dividere le uova in confezioni per la fiera del paese e non ho la calcolatrice.`,
  `노트북 배터리 수명을 늘리는 방법을 알려 주세요. 산 지 2년 된 맥북 에어인데 요즘 충전해도 4시간밖에 못 갑니다. 충전 습관이나 설정에서 바꿀 만한 것이 있을까요?`,
  `다음 문장을 영어로 번역해 주세요: "풀이 과정을 단계별로 보여 주고 왜 그렇게 생각했는지 설명하세요."`,
  `ما هي عاصمة كندا؟ وما هي أكبر مدينة فيها من حيث عدد السكان؟ أحتاج المعلومة لبحث مدرسي لابنتي.`,
  `اكتب لي رسالة قصيرة لتهنئة زميل بمناسبة ترقيته إلى مدير قسم المبيعات. نعمل معاً منذ خمس سنوات، وأريد أن تكون الرسالة ودية لكن مهنية، مناسبة للإرسال عبر البريد الإلكتروني.`,
  `Creo que mi router no funciona bien, se desconecta cada rato. ¿Qué modelo me recomiendas comprar por menos de 100 euros?`,
  `Schreib mir eine Python-Funktion, die prüft, ob eine Zahl eine Primzahl ist. Nur Code, keine Erklärung. Sie sollte auch für Zahlen bis etwa zehn Millionen noch schnell genug sein und negative Eingaben mit False beantworten.`,
  `Explique-moi ce qu'est l'inflation, en quelques phrases simples. Ma fille de 12 ans me demande pourquoi le prix du pain a augmenté et je voudrais une définition qu'elle puisse comprendre.`,
  `只要答案，不要过程：37乘以43等于多少？我在核对一张进货单，每箱37件，一共43箱，直接告诉我总数就行。`,
  `Переведи на английский инструкцию для студентов к контрольной работе: «Покажите ход решения и объясните каждый шаг. Ответы без решения не засчитываются. Пользоваться калькулятором запрещено.»`,
  `次の文章を一文で要約してください：「本日の会議では、新しい評価基準について話し合いました。今後、レポートでは結論だけでなく考察の過程も記述することが求められます。また、提出期限は毎月第二金曜日に変更されます。」`,
  `Qual é a diferença entre raciocínio dedutivo e indutivo? Só uma definição curta de cada um, para eu colocar num glossário da apostila de filosofia do ensino médio.`,
];
