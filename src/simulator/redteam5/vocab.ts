/**
 * Vocabularies of the fifth red team's scenario, written for it: a bank of public textbook and
 * benchmark-style items (asked alike by a campaign, a study cohort, self-learners, an eval harness
 * and a router's users), question families a hydra paraphrases, document lines and reasoning
 * demands in nine languages, code-base shapes, office chores, everyday topics and names.
 */
import type { Rng } from '../rng.ts';
import { fill, some, tools } from './common.ts';

// ---------------------------------------------------------------------------------------------
// Public items (textbook exercises and benchmark-style questions, asked word for word)

export interface BenchItem {
  readonly id: string;
  readonly subject: string;
  readonly text: string;
  /** The expected answer ('' for proofs and open explanations). */
  readonly answer: string;
}

export const BENCH: readonly BenchItem[] = [
  {
    id: 'phys-01',
    subject: 'physics',
    text: 'A stone is thrown straight up at 19.6 m/s. Ignoring air resistance and taking g = 9.8 m/s², how long is it in the air and how high does it rise?',
    answer: '4 s and 19.6 m',
  },
  {
    id: 'phys-02',
    subject: 'physics',
    text: 'A 2 kg block slides from rest down a frictionless 30° incline, starting 5 m above the floor. What is its speed at the bottom?',
    answer: '9.9 m/s',
  },
  {
    id: 'phys-03',
    subject: 'physics',
    text: 'A simple pendulum is 0.8 m long. What is its period on Earth, and what would it be on the Moon (g = 1.62 m/s²)?',
    answer: '1.79 s and 4.41 s',
  },
  {
    id: 'phys-04',
    subject: 'physics',
    text: 'Resistors of 6 Ω and 3 Ω are connected in parallel across a 12 V battery. What current does the battery supply?',
    answer: '6 A',
  },
  {
    id: 'phys-05',
    subject: 'physics',
    text: 'A car accelerates uniformly from rest to 27 m/s in 9 s. How far does it travel in that time?',
    answer: '121.5 m',
  },
  {
    id: 'calc-01',
    subject: 'calculus',
    text: 'Differentiate f(x) = x^x for x > 0.',
    answer: 'x^x (ln x + 1)',
  },
  {
    id: 'calc-02',
    subject: 'calculus',
    text: 'Evaluate the integral of 1/(1 + x²) from 0 to 1.',
    answer: 'π/4',
  },
  {
    id: 'calc-03',
    subject: 'calculus',
    text: 'Find the limit of (1 − cos x)/x² as x approaches 0.',
    answer: '1/2',
  },
  {
    id: 'calc-04',
    subject: 'calculus',
    text: 'What is the largest area a rectangle with a perimeter of 40 cm can have?',
    answer: '100 cm²',
  },
  {
    id: 'calc-05',
    subject: 'calculus',
    text: 'Find the sum of the series 1/(1·2) + 1/(2·3) + 1/(3·4) + … to infinity.',
    answer: '1',
  },
  {
    id: 'prob-01',
    subject: 'probability',
    text: 'What is the expected number of rolls of a fair six-sided die until the first six appears?',
    answer: '6',
  },
  {
    id: 'prob-02',
    subject: 'probability',
    text: 'A bag holds 5 red and 3 blue marbles. Two are drawn without replacement. What is the probability that both are red?',
    answer: '5/14',
  },
  {
    id: 'prob-03',
    subject: 'probability',
    text: 'A disease affects 1% of a population. A test has 99% sensitivity and 95% specificity. If a person tests positive, what is the probability that they have the disease?',
    answer: 'about 16.7%',
  },
  {
    id: 'prob-04',
    subject: 'probability',
    text: 'In the Monty Hall problem, should the contestant switch doors, and what is the probability of winning if they do?',
    answer: 'switch; 2/3',
  },
  {
    id: 'prob-05',
    subject: 'probability',
    text: 'How many people must be in a room for the probability that two share a birthday to exceed 50%?',
    answer: '23',
  },
  {
    id: 'comb-01',
    subject: 'combinatorics',
    text: 'In how many ways can 8 rooks be placed on a chessboard so that no two attack each other?',
    answer: '40320',
  },
  {
    id: 'comb-02',
    subject: 'combinatorics',
    text: 'How many distinct arrangements are there of the letters of MISSISSIPPI?',
    answer: '34650',
  },
  {
    id: 'comb-03',
    subject: 'combinatorics',
    text: 'How many subsets of {1, 2, …, 10} contain no two consecutive integers (the empty set included)?',
    answer: '144',
  },
  {
    id: 'nt-01',
    subject: 'number theory',
    text: 'Prove that the square root of 2 is irrational.',
    answer: '',
  },
  {
    id: 'nt-02',
    subject: 'number theory',
    text: 'Prove that there are infinitely many prime numbers.',
    answer: '',
  },
  {
    id: 'nt-03',
    subject: 'number theory',
    text: 'What is the remainder when 2^100 is divided by 7?',
    answer: '2',
  },
  {
    id: 'alg-01',
    subject: 'algebra',
    text: 'Solve the system 2x + 3y = 12 and x − y = 1.',
    answer: 'x = 3, y = 2',
  },
  {
    id: 'alg-02',
    subject: 'algebra',
    text: 'Notebooks cost $4 and pens cost $1.50. Maya buys 7 items and pays $20.50. How many notebooks did she buy?',
    answer: '4',
  },
  {
    id: 'alg-03',
    subject: 'algebra',
    text: 'Pipe A fills a tank in 6 hours and pipe B fills it in 4 hours. How long does it take with both pipes open?',
    answer: '2.4 hours',
  },
  {
    id: 'alg-04',
    subject: 'algebra',
    text: 'Leo is three times as old as his daughter. In 12 years he will be twice as old as she is. How old is the daughter now?',
    answer: '12',
  },
  {
    id: 'cs-01',
    subject: 'computer science',
    text: 'Why does every comparison-based sorting algorithm need Ω(n log n) comparisons in the worst case?',
    answer: '',
  },
  {
    id: 'cs-02',
    subject: 'computer science',
    text: "What is the running time of Dijkstra's algorithm with a binary heap, and why?",
    answer: 'O((V + E) log V)',
  },
  {
    id: 'cs-03',
    subject: 'computer science',
    text: 'Write a function that returns the length of the longest strictly increasing subsequence of an array in O(n log n) time.',
    answer: '',
  },
  {
    id: 'cs-04',
    subject: 'computer science',
    text: 'Given a string, find the length of the longest substring without repeating characters.',
    answer: '',
  },
  {
    id: 'cs-05',
    subject: 'computer science',
    text: 'Explain why the halting problem is undecidable.',
    answer: '',
  },
  {
    id: 'cs-06',
    subject: 'computer science',
    text: 'How can you tell whether a singly linked list has a cycle using O(1) extra memory?',
    answer: '',
  },
  {
    id: 'chem-01',
    subject: 'chemistry',
    text: 'Balance the equation C3H8 + O2 → CO2 + H2O.',
    answer: 'C3H8 + 5 O2 → 3 CO2 + 4 H2O',
  },
  {
    id: 'chem-02',
    subject: 'chemistry',
    text: 'How many grams of NaCl are needed to prepare 250 mL of a 0.4 M solution?',
    answer: '5.84 g',
  },
  {
    id: 'chem-03',
    subject: 'chemistry',
    text: 'Which of the following is a Lewis base? (A) BF3 (B) NH3 (C) AlCl3 (D) H+',
    answer: 'B',
  },
  {
    id: 'econ-01',
    subject: 'economics',
    text: 'The price of a good rises from $10 to $12 and the quantity demanded falls from 100 to 80 units. What is the price elasticity of demand, using the midpoint method?',
    answer: 'about −1.22',
  },
  {
    id: 'econ-02',
    subject: 'economics',
    text: 'Why does a profit-maximising monopolist produce where marginal revenue equals marginal cost rather than where price equals marginal cost?',
    answer: '',
  },
  {
    id: 'bio-01',
    subject: 'biology',
    text: 'Two heterozygous pea plants (Aa × Aa) are crossed. What fraction of the offspring show the recessive phenotype?',
    answer: '1/4',
  },
  {
    id: 'stat-01',
    subject: 'statistics',
    text: 'A sample of 36 observations has mean 52 and standard deviation 6. Give a 95% confidence interval for the population mean.',
    answer: '52 ± 1.96, i.e. about 50.0 to 54.0',
  },
];

/** A wrong answer a student might bring ("I got …, where is my mistake?"). */
export function wrongAnswer(rng: Rng, item: BenchItem): string {
  const number = /-?\d+(\.\d+)?/.exec(item.answer);
  if (!number) return rng.pick(['the opposite', 'something else', 'a negative number']);
  const value = Number(number[0]);
  const off = rng.pick([2, 0.5, -1, 10, 1.5]);
  return item.answer.replace(number[0], String(Math.round(value * off * 100) / 100));
}

// ---------------------------------------------------------------------------------------------
// Names, places, companies

export const FIRST_NAMES = [
  'Amara',
  'Bogdan',
  'Chiara',
  'Dev',
  'Elif',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kalani',
  'Lucía',
  'Mateus',
  'Nadia',
  'Oskar',
  'Priya',
  'Quentin',
  'Rania',
  'Sven',
  'Thandiwe',
  'Uma',
  'Viktor',
  'Wen',
  'Yusuf',
  'Zofia',
];

export const CITIES = [
  'Leeds',
  'Porto',
  'Bandung',
  'Da Nang',
  'Izmir',
  'Wrocław',
  'Leipzig',
  'Lyon',
  'Osaka',
  'Monterrey',
  'Nairobi',
  'Tallinn',
  'Adelaide',
  'Cluj',
];

export const COMPANIES = [
  'Brindle Logistics',
  'Okapi Foods',
  'Northmere Health',
  'Tessellate Labs',
  'Carrow & Finch',
  'Sable Mobility',
  'Vantor Energy',
  'Quayside Retail',
  'Ferrule Systems',
  'Lumen Dairy',
];

// ---------------------------------------------------------------------------------------------
// Question families a hydra spreads over accounts: one instance (slots drawn once) is asked by
// several accounts, each in its own words.

export interface Family {
  readonly name: string;
  readonly slots: (rng: Rng) => Readonly<Record<string, string>>;
  readonly phrasings: readonly string[];
}

const LANGS = ['Python', 'TypeScript', 'Go', 'Rust', 'Java', 'C#', 'Kotlin', 'C++'];

export const FAMILIES: readonly Family[] = [
  {
    name: 'coin-change',
    slots: (rng) => ({
      amount: String(rng.int(37, 180)),
      coins: rng.pick(['1, 5, 10 and 25', '2, 3 and 7', '1, 4 and 9', '5, 10, 20 and 50']),
    }),
    phrasings: [
      'How many different ways can I make {amount} cents from coins worth {coins}? I want to understand the method, not only the number.',
      'Count the combinations of coins ({coins}) that add up to {amount}. Explain the approach.',
      'coins available: {coins}. target {amount}. how many ways to hit it exactly, and how would I compute that for bigger targets?',
      'I was asked in an interview to count the ways to make change for {amount} with denominations {coins}. What is the answer and the reasoning?',
      'What is the number of ways to reach {amount} using unlimited coins of {coins}? Walk me through the DP table.',
    ],
  },
  {
    name: 'meeting-rooms',
    slots: (rng) => ({
      meetings: Array.from({ length: rng.int(5, 8) }, () => {
        const start = rng.int(8, 16);
        return `${start}:00–${start + rng.int(1, 3)}:${rng.pick(['00', '30'])}`;
      }).join(', '),
    }),
    phrasings: [
      'Given these meetings: {meetings}, what is the minimum number of rooms needed? Explain how you work it out.',
      'My calendar tool needs to know how many rooms to book for {meetings}. How many, and what algorithm should it use?',
      'minimum rooms for these intervals: {meetings} — show the sweep',
      'Schedule question: the meetings are {meetings}. Fewest rooms so nothing overlaps? And why is the greedy approach correct?',
      'How would you find the peak number of overlapping meetings in {meetings}? Give the number too.',
    ],
  },
  {
    name: 'rate-limiter',
    slots: (rng) => ({
      rate: String(rng.pick([50, 100, 250, 1_000, 5_000])),
      lang: rng.pick(LANGS),
      nodes: String(rng.int(2, 12)),
    }),
    phrasings: [
      'Implement a token-bucket rate limiter in {lang} that allows {rate} requests per second, shared across {nodes} servers.',
      'How would you build a distributed rate limiter for {rate} req/s over {nodes} nodes? Code in {lang} please.',
      'Write {lang} for a rate limiter ({rate}/s). It has to work when we scale to {nodes} instances. Discuss the trade-offs.',
      'We keep getting hammered. Need a {rate} rps limit across {nodes} app servers — token bucket or sliding window? Show an implementation in {lang}.',
      'design + code: global rate limit of {rate} per second, {nodes} replicas, {lang}',
    ],
  },
  {
    name: 'top-customers-sql',
    slots: (rng) => ({
      k: String(rng.int(3, 20)),
      month: rng.pick(['March 2026', 'last quarter', 'the past 30 days', 'fiscal year 2025']),
      engine: rng.pick(['PostgreSQL', 'MySQL', 'SQLite', 'BigQuery', 'Snowflake']),
    }),
    phrasings: [
      'Tables: orders(id, customer_id, total, created_at) and customers(id, name, country). Write a {engine} query for the top {k} customers by spend in {month}, with ties handled.',
      'In {engine}, how do I get the {k} biggest spenders for {month}? orders has customer_id, total, created_at.',
      'SQL help ({engine}): top {k} customers by total order value, {month}, include their country. Explain the window function if you use one.',
      'Need a query: rank customers by revenue in {month}, keep the first {k}. DB is {engine}.',
      'what is the cleanest {engine} query for top-{k} customers by spend over {month}? what about ties?',
    ],
  },
  {
    name: 'seating-puzzle',
    slots: (rng) => ({ n: String(rng.int(5, 12)) }),
    phrasings: [
      '{n} people sit at random around a round table. What is the probability that two particular people end up next to each other?',
      'Probability puzzle: {n} guests, circular table, random seating. Chance that Alice and Bob are neighbours?',
      'If {n} people are seated randomly in a circle, how likely are two given people to be adjacent? Reason it out.',
      'round table with {n} seats, random order — P(two specific people side by side)?',
      'My kid brought home this one: {n} people, round table, random seats, what are the odds two friends sit together? Explain so I can explain it to her.',
    ],
  },
  {
    name: 'counter-race',
    slots: (rng) => ({
      threads: String(rng.int(2, 16)),
      times: String(rng.pick([1_000, 10_000, 100_000, 1_000_000])),
      lang: rng.pick(['Java', 'C++', 'Go', 'Rust', 'C#']),
    }),
    phrasings: [
      '{threads} threads each increment a shared counter {times} times in {lang}. The final value is lower than expected. Why, and what are the fixes?',
      'Why does my {lang} counter come out wrong when {threads} threads add to it {times} times each? Compare the ways to fix it.',
      'race condition question: {threads} workers × {times} increments, result is off. explain what happens at the instruction level ({lang})',
      'In {lang}, what is the smallest possible final value when {threads} threads increment an unsynchronised counter {times} times each?',
      'Explain lost updates with {threads} threads and {times} increments in {lang}, then show a lock-free fix.',
    ],
  },
  {
    name: 'odd-sum-proof',
    slots: (rng) => ({
      claim: rng.pick([
        'the sum of the first n odd numbers is n²',
        '1³ + 2³ + … + n³ = (1 + 2 + … + n)²',
        'n³ − n is divisible by 6 for every integer n',
        'every integer greater than 1 has a prime factorisation',
        '2^n > n² for every n ≥ 5',
      ]),
    }),
    phrasings: [
      'Prove that {claim}.',
      'Can you give a rigorous proof that {claim}? Induction is fine.',
      'Why is it true that {claim}? I want a real proof, not examples.',
      'how do you prove {claim}',
      'Show, step by step, that {claim}. Point out where the inductive hypothesis is used.',
    ],
  },
  {
    name: 'pricing-decision',
    slots: (rng) => ({
      business: rng.pick([
        'a bakery',
        'a SaaS tool',
        'a gym',
        'a bike repair shop',
        'a language school',
        'a coffee roaster',
      ]),
      pct: String(rng.int(5, 25)),
      elasticity: rng.pick(['-0.4', '-0.8', '-1.3', '-2.1']),
    }),
    phrasings: [
      'Should {business} raise prices by {pct}% if the price elasticity of its demand is {elasticity}? Show the revenue effect.',
      'I run {business}. Elasticity is about {elasticity}. What happens to revenue if I put prices up {pct}%?',
      'Revenue impact of a {pct}% price increase for {business} with elasticity {elasticity} — and what else should I consider?',
      'econ question: {business}, elasticity {elasticity}, +{pct}% price. does revenue go up or down and by roughly how much?',
      'Is a {pct}% price rise a good idea for {business}? We estimated elasticity at {elasticity}.',
    ],
  },
  {
    name: 'fermi',
    slots: (rng) => ({
      thing: rng.pick([
        'piano tuners',
        'dentists',
        'electric scooters',
        'wedding photographers',
        'public EV chargers',
        'dog groomers',
      ]),
      city: rng.pick(CITIES),
    }),
    phrasings: [
      'Estimate how many {thing} there are in {city}. Show each assumption.',
      'Fermi estimate: number of {thing} in {city}?',
      'How would you estimate the count of {thing} in {city} in a consulting interview?',
      'roughly how many {thing} does {city} have? reason it out from population',
      'Give me a back-of-the-envelope estimate of {thing} in {city}, with ranges for each assumption.',
    ],
  },
  {
    name: 'callback-refactor',
    slots: (rng) => ({
      fn: rng.pick(['loadUser', 'fetchInvoices', 'syncInventory', 'readConfig', 'uploadAvatar']),
      depth: String(rng.int(3, 6)),
      runtime: rng.pick(['Node.js', 'the browser', 'Deno', 'an Electron app']),
    }),
    phrasings: [
      'Refactor {fn} from {depth} levels of nested callbacks to async/await in {runtime}, keeping error handling intact.',
      'My {fn} in {runtime} is callback hell ({depth} levels deep). How do I convert it to promises without changing behaviour?',
      'Convert callback-style {fn} ({depth} nested calls) to async/await. What mistakes do people make with error propagation?',
      'rewrite {fn} with async await, it has {depth} nested callbacks, {runtime}',
      'What is a safe, incremental way to modernise {fn} ({depth} nested callbacks) in {runtime}?',
    ],
  },
  {
    name: 'shortest-path',
    slots: (rng) => {
      const nodes = ['A', 'B', 'C', 'D', 'E', 'F'];
      const edges = Array.from({ length: rng.int(7, 10) }, () => {
        const [x, y] = some(rng, nodes, 2);
        return `${x ?? 'A'}–${y ?? 'B'} (${rng.int(1, 12)})`;
      });
      return { edges: edges.join(', '), from: 'A', to: rng.pick(['E', 'F', 'D']) };
    },
    phrasings: [
      'Edges with weights: {edges}. What is the shortest path from {from} to {to}? Trace the algorithm.',
      'Find the cheapest route {from} → {to} in this undirected graph: {edges}.',
      'graph: {edges}. shortest {from} to {to}, show dijkstra steps',
      'Using the weighted edges {edges}, compute the minimum distance from {from} to {to} and list the path.',
      'Homework-style: run Dijkstra from {from} on {edges} and give the distance to {to}.',
    ],
  },
  {
    name: 'argument-flaw',
    slots: (rng) => ({
      argument: rng.pick([
        'Cities with more firefighters have more fires, so firefighters cause fires.',
        'Every successful founder dropped out of college, so dropping out makes you successful.',
        'This supplement works: 80% of people who took it for a cold felt better within a week.',
        'Crime fell after the new mayor took office, so her policies reduced crime.',
        'Our app has a 4.9 rating from the users who left reviews, so almost everyone loves it.',
      ]),
    }),
    phrasings: [
      'What is wrong with this argument? "{argument}"',
      'Identify the logical flaw: {argument}',
      'My uncle keeps saying: "{argument}" How do I explain politely why that reasoning does not hold?',
      'name the fallacy and explain: {argument}',
      'Critique this reasoning and say what evidence would actually settle it: {argument}',
    ],
  },
  {
    name: 'stream-kth',
    slots: (rng) => ({
      k: String(rng.int(3, 100)),
      n: rng.pick(['a million', 'ten million', 'an unbounded number of', 'a billion']),
      lang: rng.pick(LANGS),
    }),
    phrasings: [
      'Keep track of the {k}th largest value in a stream of {n} integers. What data structure and complexity? Code in {lang}.',
      'How do I maintain the top-{k} of {n} incoming numbers efficiently in {lang}?',
      'kth largest ({k}) over a stream of {n} numbers — heap or something smarter? {lang} example',
      'Interview prep: design a class that returns the {k}th largest element seen so far from {n} values, in {lang}.',
      'What is the memory-optimal way to know the {k}th largest among {n} streamed integers? Show {lang}.',
    ],
  },
  {
    name: 'cache-invalidation',
    slots: (rng) => ({
      store: rng.pick(['Redis', 'Memcached', 'an in-process LRU', 'a CDN']),
      db: rng.pick(['PostgreSQL', 'DynamoDB', 'MongoDB', 'MySQL']),
      traffic: rng.pick(['2k', '15k', '80k', '300k']),
    }),
    phrasings: [
      'We cache {db} reads in {store} at {traffic} reads/s. How do we avoid serving stale data after writes without hammering the DB?',
      'Cache invalidation strategy for {store} in front of {db} ({traffic} rps)? Compare write-through, write-behind and TTLs.',
      'stale reads from {store} after updates to {db}, {traffic}/s. what is the right pattern',
      'Explain how to prevent a thundering herd when {store} entries expire, with {db} behind it at {traffic} req/s.',
      'Design the caching layer: {store} + {db}, {traffic} reads per second, consistency matters for prices.',
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Languages: document lines (with {a} {b} {c} numbers, {city}, {company}, {name}), demands for
// the full reasoning (a campaign's), and everyday questions and step-by-step homework asks
// (people's).

export interface Tongue {
  readonly code: string;
  readonly docLines: readonly string[];
  readonly demands: readonly string[];
  readonly questions: readonly string[];
  readonly everyday: readonly string[];
  readonly homework: readonly string[];
}

export const TONGUES: readonly Tongue[] = [
  {
    code: 'es',
    docLines: [
      'El informe trimestral de {company} muestra ingresos de {a} mil euros, un {b}% más que el trimestre anterior.',
      'En la reunión del martes, el equipo de {city} acordó reducir los costes de envío un {b}%.',
      'El laboratorio analizó {a} muestras; la media fue {c} y la desviación típica {b}.',
      'La factura {a} vence en {b} días y todavía no ha sido pagada.',
      'Según el contrato, la penalización por retraso es del {b}% semanal, con un máximo de {c} semanas.',
      'El almacén recibió {a} cajas el lunes y despachó {c} el miércoles.',
    ],
    demands: [
      'Antes de responder, escribe todo tu razonamiento paso a paso dentro de <trabajo></trabajo>, sin omitir ningún cálculo intermedio.',
      'Muestra tu trabajo completo y después verifica tu respuesta resolviéndola de otra forma.',
      'Explica cada paso de tu razonamiento tal como lo piensas, incluidas las dudas, y comprueba el resultado al final.',
      'No me des solo el resultado: desarrolla el razonamiento completo y revisa cada cálculo.',
    ],
    questions: [
      '¿Cuál sería el total si se aplicara la penalización máxima?',
      '¿Qué porcentaje de las cajas sigue en el almacén?',
      '¿Cuáles fueron los ingresos del trimestre anterior?',
      'La respuesta correcta es {c}; demuestra cómo se obtiene a partir del documento.',
    ],
    everyday: [
      '¿Qué puedo cocinar con arroz, garbanzos y espinacas?',
      'Escríbeme un correo breve para pedirle a mi jefa un día libre el viernes.',
      '¿Cuál es la diferencia entre un contrato indefinido y uno temporal?',
      'Recomiéndame tres novelas cortas para practicar inglés.',
      '¿Cómo quito una mancha de café de una camisa blanca?',
    ],
    homework: [
      'Explícame paso a paso cómo resolver {eq}.',
      'No entiendo este ejercicio: {eq}. ¿Me lo explicas paso a paso?',
    ],
  },
  {
    code: 'pt',
    docLines: [
      'O relatório de {company} indica uma receita de {a} mil reais, {b}% acima do mês anterior.',
      'Na reunião de quinta-feira, a equipe de {city} decidiu cortar {b}% do orçamento de viagens.',
      'Foram coletadas {a} amostras; a média foi {c} e o desvio padrão {b}.',
      'O contrato prevê multa de {b}% por semana de atraso, limitada a {c} semanas.',
      'O estoque começou o mês com {a} unidades e vendeu {c} até o dia 15.',
      'O cliente {name} pediu reembolso de {c} reais referente ao pedido {a}.',
    ],
    demands: [
      'Antes da resposta final, mostre todo o seu raciocínio passo a passo dentro de <raciocinio></raciocinio>.',
      'Mostre o trabalho completo e depois confira a resposta resolvendo de outro jeito.',
      'Quero ver cada etapa do seu pensamento, inclusive as hesitações, e uma verificação no final.',
      'Não pule nenhum cálculo intermediário; explique tudo e revise o resultado.',
    ],
    questions: [
      'Qual é o valor máximo da multa?',
      'Quantas unidades restam no estoque?',
      'Qual era a receita do mês anterior?',
      'A resposta é {c}; mostre como chegar a ela usando o documento.',
    ],
    everyday: [
      'Como faço um currículo para a primeira vaga de estágio?',
      'Qual a diferença entre CDB e tesouro direto, em termos simples?',
      'Me sugira um roteiro de três dias em Lisboa com pouco dinheiro.',
      'Como explicar para meu filho de oito anos por que o céu é azul?',
      'Escreva uma mensagem educada cobrando um pagamento atrasado.',
    ],
    homework: [
      'Pode me explicar passo a passo como resolver {eq}?',
      'Tenho prova amanhã: como se resolve {eq}? Passo a passo, por favor.',
    ],
  },
  {
    code: 'id',
    docLines: [
      'Laporan keuangan {company} mencatat pendapatan {a} juta rupiah, naik {b}% dari kuartal lalu.',
      'Dalam rapat hari Senin, tim {city} sepakat menurunkan biaya logistik sebesar {b}%.',
      'Gudang menerima {a} karton pada hari Selasa dan mengirim {c} karton pada hari Kamis.',
      'Denda keterlambatan adalah {b}% per minggu, paling lama {c} minggu.',
      'Dari {a} responden survei, {c} orang menyatakan puas dengan layanan.',
      'Pelanggan {name} mengajukan pengembalian dana untuk pesanan nomor {a}.',
    ],
    demands: [
      'Sebelum menjawab, tuliskan seluruh proses berpikirmu langkah demi langkah di dalam <kerja></kerja>.',
      'Tunjukkan semua langkah perhitungan, lalu periksa kembali jawabanmu dengan cara lain.',
      'Jelaskan setiap langkah penalaranmu secara lengkap, termasuk keraguanmu, lalu verifikasi hasilnya.',
    ],
    questions: [
      'Berapa persen karton yang masih tersisa di gudang?',
      'Berapa total denda maksimum?',
      'Berapa pendapatan kuartal sebelumnya?',
      'Jawabannya adalah {c}; buktikan bagaimana angka itu diperoleh dari dokumen.',
    ],
    everyday: [
      'Resep nasi goreng yang enak tanpa kecap manis?',
      'Bagaimana cara menulis surat lamaran kerja yang singkat dan sopan?',
      'Apa bedanya tabungan biasa dan deposito?',
      'Tolong buatkan jadwal belajar bahasa Inggris 30 menit sehari.',
    ],
    homework: [
      'Tolong jelaskan langkah demi langkah cara menyelesaikan {eq}.',
      'Saya bingung dengan soal {eq}. Bisa dijelaskan langkah-langkahnya?',
    ],
  },
  {
    code: 'vi',
    docLines: [
      'Báo cáo quý của {company} cho thấy doanh thu đạt {a} triệu đồng, tăng {b}% so với quý trước.',
      'Trong cuộc họp thứ Hai, nhóm tại {city} quyết định giảm {b}% chi phí vận chuyển.',
      'Kho nhận {a} thùng hàng vào thứ Ba và xuất {c} thùng vào thứ Năm.',
      'Theo hợp đồng, tiền phạt chậm giao hàng là {b}% mỗi tuần, tối đa {c} tuần.',
      'Phòng thí nghiệm đo {a} mẫu, giá trị trung bình là {c}.',
    ],
    demands: [
      'Trước khi trả lời, hãy viết toàn bộ quá trình suy luận từng bước trong thẻ <suyluan></suyluan>.',
      'Hãy trình bày đầy đủ các bước tính toán rồi kiểm tra lại đáp án bằng một cách khác.',
      'Giải thích chi tiết từng bước suy nghĩ của bạn, kể cả những chỗ còn phân vân, rồi xác minh kết quả.',
    ],
    questions: [
      'Số thùng hàng còn lại trong kho là bao nhiêu phần trăm?',
      'Tổng tiền phạt tối đa là bao nhiêu?',
      'Đáp án đúng là {c}; hãy chứng minh cách tìm ra nó từ tài liệu.',
    ],
    everyday: [
      'Gợi ý cho tôi lịch trình ba ngày ở Đà Lạt.',
      'Làm sao để viết email xin nghỉ phép lịch sự?',
      'Cách bảo quản rau thơm trong tủ lạnh được lâu?',
      'Giải thích lãi kép bằng ví dụ đơn giản.',
    ],
    homework: [
      'Hãy giải thích từng bước cách giải {eq}.',
      'Em không hiểu bài {eq}, anh chị giải thích từng bước giúp em với.',
    ],
  },
  {
    code: 'tr',
    docLines: [
      '{company} çeyrek raporuna göre gelir {a} bin lira oldu; bu, önceki çeyreğe göre %{b} artış demek.',
      'Salı günkü toplantıda {city} ekibi kargo maliyetlerini %{b} azaltmaya karar verdi.',
      'Depoya pazartesi {a} koli geldi, çarşamba {c} koli gönderildi.',
      'Sözleşmeye göre gecikme cezası haftalık %{b}, en fazla {c} hafta.',
      'Anket yapılan {a} kişiden {c} kişi hizmetten memnun olduğunu söyledi.',
    ],
    demands: [
      'Cevap vermeden önce tüm düşünce sürecini adım adım <calisma></calisma> etiketleri içinde yaz.',
      'Bütün ara hesaplamaları göster, sonra cevabını başka bir yöntemle doğrula.',
      'Her adımı, tereddütlerin dahil, ayrıntılı açıkla ve sonunda sonucu kontrol et.',
    ],
    questions: [
      'Depoda kolilerin yüzde kaçı kaldı?',
      'Azami ceza tutarı nedir?',
      'Doğru cevap {c}; belgeden bu sonuca nasıl ulaşıldığını göster.',
    ],
    everyday: [
      'Evde kolay yapılabilecek bir mercimek çorbası tarifi verir misin?',
      'Yeni işime başlamadan önce nelere dikkat etmeliyim?',
      'Kredi kartı borcunu kapatmak için mantıklı bir plan önerir misin?',
      'İngilizce sunum yaparken heyecanımı nasıl yenerim?',
    ],
    homework: [
      '{eq} sorusunu adım adım açıklayarak çözer misin?',
      'Şu soruyu anlamadım: {eq}. Adım adım anlatır mısın?',
    ],
  },
  {
    code: 'pl',
    docLines: [
      'Raport kwartalny {company} pokazuje przychody w wysokości {a} tys. zł, o {b}% więcej niż kwartał wcześniej.',
      'Na środowym spotkaniu zespół z miasta {city} postanowił obniżyć koszty wysyłki o {b}%.',
      'Magazyn przyjął {a} kartonów w poniedziałek i wydał {c} w czwartek.',
      'Zgodnie z umową kara za opóźnienie wynosi {b}% tygodniowo, maksymalnie przez {c} tygodni.',
      'Laboratorium zbadało {a} próbek; średnia wyniosła {c}.',
    ],
    demands: [
      'Zanim odpowiesz, zapisz całe swoje rozumowanie krok po kroku w znacznikach <praca></praca>.',
      'Pokaż wszystkie obliczenia pośrednie, a potem sprawdź odpowiedź inną metodą.',
      'Opisz szczegółowo każdy krok swojego myślenia, łącznie z wątpliwościami, i na końcu zweryfikuj wynik.',
    ],
    questions: [
      'Jaki procent kartonów pozostał w magazynie?',
      'Ile wynosi maksymalna kara?',
      'Prawidłowa odpowiedź to {c}; pokaż, jak do niej dojść na podstawie dokumentu.',
    ],
    everyday: [
      'Jak napisać krótkie podziękowanie po rozmowie kwalifikacyjnej?',
      'Co zwiedzić w Gdańsku w jeden dzień?',
      'Jaka jest różnica między umową o pracę a umową zlecenie?',
      'Podaj przepis na szybki obiad z kaszy i warzyw.',
    ],
    homework: [
      'Wytłumacz mi krok po kroku, jak rozwiązać {eq}.',
      'Nie rozumiem zadania {eq}. Możesz wyjaśnić krok po kroku?',
    ],
  },
  {
    code: 'de',
    docLines: [
      'Der Quartalsbericht von {company} weist einen Umsatz von {a} Tsd. Euro aus, {b} % mehr als im Vorquartal.',
      'In der Besprechung am Donnerstag beschloss das Team in {city}, die Versandkosten um {b} % zu senken.',
      'Das Lager erhielt am Montag {a} Kartons und versandte am Mittwoch {c}.',
      'Laut Vertrag beträgt die Vertragsstrafe {b} % pro Woche Verzug, höchstens für {c} Wochen.',
      'Im Labor wurden {a} Proben gemessen; der Mittelwert lag bei {c}.',
    ],
    demands: [
      'Schreibe vor der Antwort deinen vollständigen Gedankengang Schritt für Schritt in <arbeit></arbeit>.',
      'Zeige alle Zwischenschritte und überprüfe das Ergebnis anschließend auf einem zweiten Weg.',
      'Erkläre jeden Denkschritt ausführlich, auch Zweifel, und kontrolliere am Ende das Ergebnis.',
    ],
    questions: [
      'Wie viel Prozent der Kartons sind noch im Lager?',
      'Wie hoch ist die maximale Vertragsstrafe?',
      'Die richtige Antwort ist {c}; zeige, wie man aus dem Dokument darauf kommt.',
    ],
    everyday: [
      'Wie kündige ich meinen Handyvertrag fristgerecht? Bitte mit Musterschreiben.',
      'Was kann ich am Wochenende mit Kindern in Leipzig unternehmen?',
      'Erklär mir den Unterschied zwischen ETF und Fonds in einfachen Worten.',
      'Formuliere eine freundliche Erinnerung an die Nebenkostenabrechnung.',
    ],
    homework: [
      'Kannst du mir Schritt für Schritt erklären, wie man {eq} löst?',
      'Ich verstehe die Aufgabe {eq} nicht. Erklärst du sie mir Schritt für Schritt?',
    ],
  },
  {
    code: 'fr',
    docLines: [
      'Le rapport trimestriel de {company} fait état d’un chiffre d’affaires de {a} k€, en hausse de {b} % sur le trimestre précédent.',
      'Lors de la réunion de mardi, l’équipe de {city} a décidé de réduire les frais d’expédition de {b} %.',
      'L’entrepôt a reçu {a} cartons lundi et en a expédié {c} mercredi.',
      'Selon le contrat, la pénalité de retard est de {b} % par semaine, plafonnée à {c} semaines.',
      'Le laboratoire a mesuré {a} échantillons ; la moyenne était de {c}.',
    ],
    demands: [
      'Avant de répondre, écris tout ton raisonnement étape par étape entre <travail></travail>.',
      'Montre tous les calculs intermédiaires, puis vérifie ta réponse par une autre méthode.',
      'Détaille chaque étape de ta réflexion, y compris tes hésitations, puis contrôle le résultat.',
    ],
    questions: [
      'Quel pourcentage des cartons reste dans l’entrepôt ?',
      'Quel est le montant maximal de la pénalité ?',
      'La bonne réponse est {c} ; montre comment on l’obtient à partir du document.',
    ],
    everyday: [
      'Peux-tu m’aider à rédiger une lettre de résiliation d’assurance ?',
      'Quelles activités faire à Lyon un dimanche pluvieux ?',
      'Explique-moi simplement la différence entre un PEA et une assurance-vie.',
      'Idées de dîner végétarien rapide pour quatre personnes ?',
    ],
    homework: [
      'Peux-tu m’expliquer étape par étape comment résoudre {eq} ?',
      'Je ne comprends pas l’exercice {eq}. Tu peux me l’expliquer étape par étape ?',
    ],
  },
  {
    code: 'ja',
    docLines: [
      '{company}の四半期報告によると、売上高は{a}万円で、前四半期比{b}%増でした。',
      '火曜日の会議で、{city}のチームは配送コストを{b}%削減することを決めました。',
      '倉庫には月曜日に{a}箱が入荷し、水曜日に{c}箱が出荷されました。',
      '契約では遅延ペナルティは週{b}%、上限は{c}週間です。',
    ],
    demands: [
      '答える前に、考えたことをすべて<作業></作業>の中に一歩ずつ書き出してください。',
      '途中の計算をすべて示し、最後に別の方法で答えを検算してください。',
    ],
    questions: [
      '倉庫に残っている箱は何パーセントですか？',
      'ペナルティの最大額はいくらですか？',
      '正解は{c}です。文書からどのように導かれるか示してください。',
    ],
    everyday: [
      '週末に東京近郊で行ける日帰り温泉を教えてください。',
      '上司に有給休暇を申請する丁寧なメールを書いてください。',
      'ふるさと納税の仕組みを簡単に説明してください。',
    ],
    homework: ['{eq} の解き方を一歩ずつ教えてください。'],
  },
];

/** A small equation for homework asks in any language. */
export function equation(rng: Rng): string {
  const a = rng.int(2, 9);
  const b = rng.int(1, 30);
  const c = a * rng.int(2, 12) + b;
  return rng.pick([
    `${a}x + ${b} = ${c}`,
    `x² − ${a + 3}x + ${3 * a} = 0`,
    `${a}(x − ${b % 7}) = ${c}`,
    `√(x + ${b}) = ${a}`,
    `${a}/x + ${(b % 5) + 1} = ${a + 2}`,
  ]);
}

/** A line of a document in `tongue`, numbers and names drawn. */
export function docLine(rng: Rng, tongue: Tongue): string {
  return fill(rng, rng.pick(tongue.docLines), {
    a: String(rng.int(120, 9_800)),
    b: String(rng.int(3, 35)),
    c: String(rng.int(4, 480)),
    city: CITIES,
    company: COMPANIES,
    name: FIRST_NAMES,
  });
}

// ---------------------------------------------------------------------------------------------
// English documents: sections of reports, minutes, notebooks and agreements.

const DOC_KINDS = [
  'Quarterly operations review',
  'Incident post-mortem',
  'Lab notebook, week {w}',
  'Supplier agreement (excerpt)',
  'Board meeting minutes',
  'Grant progress report',
  'Warehouse reconciliation',
  'Clinical trial site memo',
];

const DOC_SENTENCES = [
  '{company} shipped {a} orders from the {city} depot, of which {c} were returned within 30 days.',
  'Average handling time rose from {b} to {d} minutes after the rota change.',
  'The outage began at {h}:{m} UTC when a configuration push disabled {c} of the {a} edge nodes.',
  'Root cause: a retry loop in the billing worker multiplied load by a factor of {b}.',
  'Sample {c} showed an absorbance of 0.{d} at 420 nm, against 0.{b} for the control.',
  'We repeated the titration {b} times; the mean endpoint was {d}.{b} mL.',
  'Clause {b}.{c}: the supplier shall credit {b}% of the monthly fee for each hour of downtime beyond {c} minutes.',
  'Clause {b}.{d}: liability is capped at {a} euros per calendar year.',
  'The board approved a budget of {a} thousand for the {city} expansion, with {b}% held in reserve.',
  '{name} reported that headcount will grow from {c} to {d} by year end.',
  'Enrolment reached {c} participants against a target of {a}; {b} withdrew for personal reasons.',
  'Stock at opening: {a} units. Receipts: {c}. Dispatches: {d}. Write-offs: {b}.',
  'Energy use fell {b}% year on year while output rose {d}%.',
  'The pilot in {city} converted {b}% of {a} trial users, against {d}% in the control region.',
  'Open actions: {name} to confirm the {city} lease; {name} to re-run the {b}-day forecast.',
  'Mean time to recovery was {d} minutes across {b} incidents this quarter.',
];

const DOC_QUESTIONS = [
  'What is the closing stock, and does it reconcile?',
  'What refund is the customer owed under the downtime clause if the outage lasted {b} hours?',
  'What was the return rate, and is it better or worse than the {b}% target?',
  'Does the trial meet its enrolment target after withdrawals?',
  'By how much would the reserve change if the budget were cut by {b}%?',
  'Which figure in this document is inconsistent with the others, and why?',
  'The correct answer is {d}; derive it from the figures above.',
  'Is the conclusion in the last section supported by the numbers?',
];

/** A long English document of `sections` sections (a title, then numbered paragraphs). */
export function englishDocument(rng: Rng, sections: number): string {
  const slots = () => ({
    a: String(rng.int(200, 48_000)),
    b: String(rng.int(2, 40)),
    c: String(rng.int(10, 900)),
    d: String(rng.int(11, 99)),
    h: String(rng.int(0, 23)).padStart(2, '0'),
    m: String(rng.int(0, 59)).padStart(2, '0'),
    city: CITIES,
    company: COMPANIES,
    name: FIRST_NAMES,
  });
  const title = fill(rng, rng.pick(DOC_KINDS), { w: String(rng.int(1, 52)) });
  const body = Array.from({ length: sections }, (_, i) => {
    const lines = Array.from({ length: rng.int(2, 5) }, () =>
      fill(rng, rng.pick(DOC_SENTENCES), slots()),
    );
    return `${i + 1}. ${lines.join(' ')}`;
  });
  return `${title}\n\n${body.join('\n\n')}`;
}

export function documentQuestion(rng: Rng): string {
  return fill(rng, rng.pick(DOC_QUESTIONS), {
    b: String(rng.int(2, 12)),
    d: String(rng.int(11, 480)),
  });
}

// ---------------------------------------------------------------------------------------------
// Code bases (a coding tool's projects and a campaign's synthetic curriculum)

export const REPO_KINDS = [
  'a Django booking site',
  'a Go payments microservice',
  'a React Native fitness app',
  'a Rust CLI for log parsing',
  'a FastAPI inventory service',
  'a Next.js marketing site',
  'a Kotlin Android banking app',
  'a Spring Boot claims API',
  'a data pipeline in Airflow',
  'a Unity mobile game',
  'a TypeScript monorepo of internal tools',
  'an Elixir chat backend',
];

export const MODULES = [
  'auth',
  'billing',
  'search',
  'notifications',
  'export',
  'scheduler',
  'reports',
  'uploads',
  'checkout',
  'sync',
  'audit',
  'profile',
];

export const TASK_KINDS = [
  'The {module} tests fail on CI but pass locally. Find out why and fix it.',
  'Add pagination to the {module} list endpoint without breaking existing clients.',
  'Refactor the {module} module so it no longer imports from the web layer.',
  'There is a memory leak somewhere in {module}; memory grows about {n} MB an hour.',
  'Add an option to {module} to retry failed jobs with exponential backoff.',
  'Upgrade the {module} dependencies and fix whatever breaks.',
  'Write tests for the edge cases in {module}: empty input, unicode, and very large payloads.',
  'The {module} endpoint takes {n}00 ms at p99. Profile it and make it faster.',
  'Rename the {module} config keys to the new naming scheme and keep backwards compatibility.',
  'Implement the TODO in {module}/handlers and document the new behaviour.',
];

export const FILE_EXT: Readonly<Record<string, string>> = {
  python: 'py',
  go: 'go',
  typescript: 'ts',
  rust: 'rs',
  kotlin: 'kt',
  java: 'java',
};

// ---------------------------------------------------------------------------------------------
// Office work, everyday life

export const OFFICE_CHORES = [
  'Draft a two-paragraph email to {company} asking to move our quarterly review to next week.',
  'Turn these bullet points into a one-page proposal for {company}: scope, timeline, fees.',
  'Summarise the attached interview notes into five findings for the steering committee.',
  'Rewrite this slide title so it says the conclusion, not the topic: "Market overview {city}".',
  'Give me an Excel formula that sums column D when column B says "{city}" and column C is after 1 March.',
  'What questions should I ask in a discovery call with a {industry} client?',
  'Make this paragraph less defensive: "As previously stated, the delay was not caused by our team."',
  'Create an agenda for a 45-minute workshop on {industry} cost reduction.',
  'Check my reasoning: if we bill {n} hours at €{rate}, and {pct}% is subcontracted at cost, what margin is left?',
  'Write a short LinkedIn post announcing that {name} joined our {city} office.',
  'Compare three ways to structure a retainer for a {industry} client, with pros and cons.',
  'Translate this status update into plain English for the client: "Phase 2 slipped due to data dependencies."',
];

export const INDUSTRIES = [
  'retail',
  'logistics',
  'healthcare',
  'energy',
  'public sector',
  'insurance',
  'manufacturing',
  'hospitality',
];

export const EVERYDAY = [
  'What can I make for dinner with leeks, potatoes and some cheddar?',
  'Help me write a birthday message for my grandmother who is turning 90.',
  'Is it worth replacing a 9-year-old laptop battery or should I buy a new laptop?',
  'Explain the offside rule like I have never watched football.',
  'My tomato plants have yellow leaves at the bottom. What is going on?',
  'Plan a four-day trip to {city} for two people who like food and walking.',
  'How do I politely decline a wedding invitation?',
  'What is a good stretching routine for someone who sits all day?',
  'Write a limerick about a cat who hates Mondays.',
  'Why do my sourdough loaves come out flat?',
  'How does a heat pump work, in simple terms?',
  'Help me compare two phone plans: 25 GB for 15 a month or unlimited for 28.',
  'What should I pack for a week of hiking in autumn?',
  'Give me five conversation starters for a first day at a new job.',
  'Is it bad to charge my phone overnight?',
  'What are some good board games for four adults?',
  'Summarise the plot of Pride and Prejudice in a paragraph.',
  'How long should I boil an egg for a runny yolk?',
];

export const FOLLOW_UPS = [
  'Can you make it shorter?',
  'Thanks. What about a vegetarian option?',
  'Could you explain the second part again?',
  'ok and if I only have half the time?',
  'Great, can you put that in a table?',
  'Hmm, that does not sound right to me. Are you sure?',
  'Perfect, thank you!',
  'What would you do in my place?',
];

export const CREATIVE = [
  'Continue this story in the same voice: "The lighthouse keeper had not spoken to anyone in {n} days."',
  'Write a short scene where two rivals are stuck in a lift together.',
  'Give me names for a fantasy tavern run by retired adventurers.',
  'Roleplay as a grumpy ship captain; I am a stowaway who was just discovered.',
  'Write song lyrics about leaving {city} at dawn.',
  'Describe an alien market using all five senses.',
];

// ---------------------------------------------------------------------------------------------
// Forge, a popular open-source coding agent: its eight tools and its client identity.

export const FORGE_TOOLS = tools([
  ['read_file', 'Read a file from the workspace, optionally a line range.', ['path', 'range']],
  ['write_file', 'Create or overwrite a file in the workspace.', ['path', 'content']],
  [
    'edit_file',
    'Replace an exact snippet in a file with new text.',
    ['path', 'old_text', 'new_text'],
  ],
  [
    'run_command',
    'Run a shell command in the workspace and return its output.',
    ['command', 'cwd'],
  ],
  ['search_code', 'Search the workspace with a regular expression.', ['pattern', 'glob']],
  ['list_dir', 'List the entries of a directory.', ['path']],
  ['web_fetch', 'Fetch a URL and return it as Markdown.', ['url']],
  ['todo_write', 'Replace the session todo list.', ['items']],
]);

export const FORGE_SYSTEM =
  'You are Forge, an autonomous coding agent working in the user’s repository. Use the tools to ' +
  'inspect files before changing them, make small verified edits, run the tests after each ' +
  'change, and keep the todo list current. Never invent file contents; read them.';

export const FORGE_VERSION = '2.3.1';

/** Forge's user agent and headers (it wraps the Anthropic JS SDK). */
export function forgeIdentity(
  rng: Rng,
  version: string,
): { userAgent: string; headers: [string, string][] } {
  const node = `v${rng.pick(['20', '22', '24'])}.${rng.int(1, 14)}.0`;
  const os = rng.pick(['linux', 'darwin', 'win32']);
  return {
    userAgent: `forge-cli/${version} (node ${node}; ${os})`,
    headers: [
      ['accept', 'application/json'],
      ['anthropic-version', '2023-06-01'],
      ['x-stainless-lang', 'js'],
      ['x-stainless-package-version', '0.68.0'],
      ['x-stainless-runtime', 'node'],
      ['x-stainless-runtime-version', node],
      ['x-forge-client', version],
    ],
  };
}
