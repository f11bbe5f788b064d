/**
 * Software tasks the campaigns harvest: implementations (a language × a component × a
 * constraint), bugs planted in short snippets with fresh identifiers, system designs at a scale,
 * and tool-use scenarios each with a synthetic tool set of its own; plus the follow-ups a harvester
 * sends to deepen an answer it already has.
 */
import type { Rng } from '../rng.ts';
import type { Tool } from './common.ts';
import { fill, fillOne } from './text.ts';

export const LANGUAGES = [
  'Python',
  'TypeScript',
  'Rust',
  'Go',
  'Java',
  'C++',
  'Kotlin',
  'C#',
  'Swift',
  'Haskell',
  'Elixir',
  'Scala',
];

const COMPONENTS = [
  'an LRU cache with per-entry TTL',
  'a trie that supports deletion and prefix counts',
  'an interval tree with overlap queries',
  'a skip list with rank queries',
  'a fixed-capacity ring buffer for a single producer and single consumer',
  'a Bloom filter with a target false-positive rate',
  'union-find with path compression and rollback',
  'a consistent-hashing ring with virtual nodes',
  'a token-bucket rate limiter keyed by client',
  'a priority queue with decrease-key',
  'Dijkstra’s algorithm with path reconstruction',
  'topological sort that reports a cycle when there is one',
  'edit distance that also prints the alignment',
  'the longest increasing subsequence with reconstruction',
  'Edmonds–Karp max flow',
  'A* on a weighted grid with diagonal moves',
  'a retry helper with exponential backoff, jitter and a deadline',
  'a bounded worker pool with cancellation',
  'a streaming CSV parser that handles quoted newlines',
  'a structural JSON diff that reports paths',
  'a semantic-version range matcher (^, ~, ranges)',
  'a cron-expression parser that returns the next five run times',
  'an HTTP router with path parameters and wildcards',
  'an append-only event store with snapshots',
  'a readers–writer lock that does not starve writers',
  'an async semaphore with timeouts',
  'a Markdown table formatter that aligns columns',
  'a tokenizer and Pratt parser for arithmetic with precedence',
  'a sparse matrix in CSR form with multiplication',
  'a B-tree of order m with insert and range scan',
];

const CONSTRAINTS = [
  'no external libraries',
  'O(log n) per operation',
  'safe to use from several threads',
  'constant memory on arbitrarily large input',
  'generic over the key type',
  'correct for non-ASCII input',
  'cancellable at any point',
  'with property-based tests',
  'with benchmarks against a naive version',
  'documented public API only',
];

/** A component and its constraint, without a language (`an LRU cache …, no external libraries`). */
export function componentTask(rng: Rng): string {
  return `${rng.pick(COMPONENTS)}, ${rng.pick(CONSTRAINTS)}`;
}

/** An implementation task. */
export function buildTask(rng: Rng, language = rng.pick(LANGUAGES)): string {
  return fillOne(
    rng,
    [
      'Implement {component} in {language}, {constraint}.',
      'In {language}: {component}. Requirement: {constraint}.',
      'I need {component} written in {language} ({constraint}).',
      '{language} exercise — build {component}; it has to be {constraint}.',
      'Write {component}. Language: {language}. Constraint: {constraint}.',
    ],
    { component: COMPONENTS, constraint: CONSTRAINTS, language: [language] },
  );
}

const IDENTS = ['items', 'rows', 'nums', 'queue', 'orders', 'events', 'users', 'jobs', 'edges'];

/** A short snippet with a planted bug, and the question about it. */
export function bugTask(rng: Rng): string {
  const xs = rng.pick(IDENTS);
  const fn = rng.pick(['find', 'lookup', 'locate', 'search', 'index_of', 'position']);
  const snippets = [
    `\`\`\`python\ndef ${fn}(${xs}, target):\n    lo, hi = 0, len(${xs})\n    while lo < hi:\n        mid = (lo + hi) // 2\n        if ${xs}[mid] < target:\n            lo = mid\n        else:\n            hi = mid\n    return lo\n\`\`\`\nThis hangs on some inputs.`,
    `\`\`\`js\nasync function load(${xs}) {\n  const out = [];\n  ${xs}.forEach(async (x) => {\n    out.push(await fetchOne(x));\n  });\n  return out;\n}\n\`\`\`\nIt always returns an empty array.`,
    `\`\`\`go\nfor _, ${xs.slice(0, -1)} := range ${xs} {\n    go func() {\n        process(${xs.slice(0, -1)})\n    }()\n}\n\`\`\`\nOn Go 1.21 every goroutine processes the same element.`,
    `\`\`\`sql\nSELECT c.id, SUM(o.total) AS spent\nFROM customers c\nJOIN ${xs} o ON o.customer_id = c.id\nJOIN refunds r ON r.customer_id = c.id\nGROUP BY c.id;\n\`\`\`\nThe totals come out too large for customers with refunds.`,
    `\`\`\`rust\nlet first = &${xs}[0];\n${xs}.push(${rng.int(1, 99)});\nprintln!("{}", first);\n\`\`\`\nWhy does this not compile, and what is the right fix?`,
    `\`\`\`java\nclass Counter {\n  private int ${fn}Count = 0;\n  public void hit() { ${fn}Count++; }\n  public int get() { return ${fn}Count; }\n}\n\`\`\`\nUnder load from ${rng.int(4, 64)} threads the count is lower than the number of hits.`,
    `\`\`\`python\ndef add_${xs.slice(0, -1)}(x, ${xs}=[]):\n    ${xs}.append(x)\n    return ${xs}\n\`\`\`\nThe list keeps growing between unrelated calls.`,
    `\`\`\`ts\nconst cache = new Map<string, Promise<Data>>();\nexport function get(key: string) {\n  if (!cache.has(key)) cache.set(key, fetchData(key));\n  return cache.get(key)!;\n}\n\`\`\`\nOne failed fetch breaks that key forever.`,
  ];
  return `${rng.pick(snippets)}\n${rng.pick(['What is wrong?', 'Find the bug and fix it.', 'Explain the failure and give a corrected version.', 'Diagnose it.'])}`;
}

const SYSTEMS = [
  'a URL shortener',
  'a multi-region chat service',
  'a ride-matching backend',
  'a feature-flag service',
  'a metrics ingestion pipeline',
  'a collaborative document editor',
  'a payment ledger',
  'a job scheduler with retries',
  'a search-as-you-type service',
  'a notification fan-out system',
  'an inventory reservation service',
  'a video transcoding pipeline',
];

/** A system-design brief at a scale. */
export function designTask(rng: Rng): string {
  return fill(
    rng,
    '[Design|Architect|Sketch the design of] {system} for {scale}. [Cover the data model, APIs, consistency and failure modes.|Discuss storage, partitioning, and what breaks first.|Include capacity estimates and the trade-offs you would make.]',
    {
      system: SYSTEMS,
      scale: [
        `${rng.int(2, 90)} million daily users`,
        `${rng.int(5, 500)}k requests per second at peak`,
        'a startup that may grow 100× in a year',
        `${rng.int(3, 12)} regions with strict data residency`,
      ],
    },
  );
}

/** A coding task of any of the three kinds. */
export function codingTask(rng: Rng): string {
  const roll = rng.next();
  return roll < 0.55 ? buildTask(rng) : roll < 0.8 ? bugTask(rng) : designTask(rng);
}

// ---------------------------------------------------------------------------------------------
// Tool-use scenarios with synthetic tool sets

interface Scenario {
  readonly goal: string;
  readonly family: readonly Tool[];
}

const t = (
  name: string,
  description: string,
  params: Tool['params'],
  required?: readonly string[],
): Tool => ({ name, description, params, ...(required ? { required } : {}) });

const SCENARIOS: readonly Scenario[] = [
  {
    goal: 'Plan a {days}-day trip to {city} for {people} people under {budget}, booking flights, a hotel and two activities.',
    family: [
      t('search_flights', 'Search flights', {
        origin: 'string',
        destination: 'string',
        date: 'string',
      }),
      t('search_hotels', 'Search hotels', { city: 'string', checkin: 'string', nights: 'integer' }),
      t('book', 'Book an offer by id', { offer_id: 'string', travellers: 'integer' }),
      t('list_activities', 'Activities in a city', { city: 'string', category: 'string' }),
      t('currency_convert', 'Convert an amount', {
        amount: 'number',
        from: 'string',
        to: 'string',
      }),
    ],
  },
  {
    goal: 'Triage the incident "{incident}": find the cause in the logs and metrics, mitigate it, and draft the status-page update.',
    family: [
      t('query_logs', 'Search logs', { service: 'string', query: 'string', minutes: 'integer' }),
      t('get_metric', 'Read a metric series', { name: 'string', window: 'string' }),
      t('rollback', 'Roll a service back', { service: 'string', version: 'string' }),
      t('page_oncall', 'Page a team', { team: 'string', severity: ['sev1', 'sev2', 'sev3'] }),
      t('post_status', 'Post a status update', { text: 'string' }),
    ],
  },
  {
    goal: 'Migrate the {table} table to add a non-null {column} column without downtime, and verify the backfill.',
    family: [
      t('run_sql', 'Run SQL on a replica or primary', {
        sql: 'string',
        target: ['replica', 'primary'],
      }),
      t('describe_table', 'Describe a table', { table: 'string' }),
      t('create_migration', 'Create a migration file', {
        name: 'string',
        up: 'string',
        down: 'string',
      }),
      t('deploy', 'Deploy a build', { service: 'string', build: 'string' }),
    ],
  },
  {
    goal: 'Reconcile {month} invoices against bank transactions and flag every mismatch over {budget}.',
    family: [
      t('list_invoices', 'List invoices', { month: 'string', status: 'string' }),
      t('list_transactions', 'Bank transactions', { from: 'string', to: 'string' }),
      t('match', 'Record a match', { invoice_id: 'string', transaction_id: 'string' }),
      t('flag', 'Flag a discrepancy', { invoice_id: 'string', reason: 'string' }),
    ],
  },
  {
    goal: 'Research what {people} competitors charge for {product} and build a pricing comparison table with sources.',
    family: [
      t('web_search', 'Search the web', { query: 'string', count: 'integer' }),
      t('open_page', 'Fetch a page as text', { url: 'string' }),
      t('extract_table', 'Extract a table from HTML', { url: 'string', hint: 'string' }),
      t('write_sheet', 'Write rows to a sheet', { sheet: 'string', rows: 'string[]' }),
    ],
  },
  {
    goal: 'Refactor the {module} module to remove its global state, keeping every test green, and open a pull request.',
    family: [
      t('read_file', 'Read a file', { path: 'string' }),
      t('write_file', 'Write a file', { path: 'string', content: 'string' }),
      t('run_tests', 'Run tests', { pattern: 'string' }),
      t('grep', 'Search the code', { pattern: 'string', path: 'string' }),
      t('open_pr', 'Open a pull request', { title: 'string', body: 'string' }),
    ],
  },
  {
    goal: 'A customer says order {order} arrived damaged; check the order, decide refund or replacement under policy, and reply.',
    family: [
      t('get_order', 'Look up an order', { order_id: 'string' }),
      t('get_policy', 'Read a policy section', { section: 'string' }),
      t('issue_refund', 'Refund an order', { order_id: 'string', amount: 'number' }),
      t('ship_replacement', 'Ship a replacement', { order_id: 'string', sku: 'string' }),
      t('send_reply', 'Email the customer', { to: 'string', text: 'string' }),
    ],
  },
];

const GOAL_SLOTS = {
  days: ['3', '4', '5', '7'],
  city: ['Lisbon', 'Hanoi', 'Montréal', 'Cape Town', 'Seoul', 'Oaxaca', 'Tbilisi'],
  people: ['two', 'three', 'four', 'six'],
  budget: ['$2,000', '€3,500', '$800', '£5,000', '$250'],
  incident: [
    'checkout p99 latency x8',
    'login failures in eu-west',
    'queue backlog growing',
    'elevated 502s on the API',
  ],
  table: ['orders', 'accounts', 'shipments', 'sessions'],
  column: ['tenant_id', 'currency', 'region', 'created_by'],
  month: ['March', 'August', 'November', 'Q2'],
  product: ['a project-management seat', 'managed Postgres', 'a design-tool licence'],
  module: ['billing', 'auth/session', 'notifications', 'search indexer'],
  order: ['#48213', '#90117', '#33009', '#71542'],
};

/** A tool-use goal with a tool set drawn from its family (three tools or more, renamed a little). */
export function toolTask(rng: Rng): { readonly goal: string; readonly tools: readonly Tool[] } {
  const scenario = rng.pick(SCENARIOS);
  const tools = scenario.family.filter((_, index) => index < 3 || rng.chance(0.6));
  const suffix = rng.pick(['', '', '_v2', '_tool', 'Fn']);
  return {
    goal: fill(rng, scenario.goal, GOAL_SLOTS),
    tools: tools.map((tool) => ({ ...tool, name: `${tool.name}${suffix}` })),
  };
}

/** Follow-ups that deepen an answer already received. */
export const DEEPEN = [
  'Go deeper on the second step — why is it valid?',
  'Now do it a different way and compare the two approaches.',
  'What would change if the numbers were twice as large?',
  'Can you check your answer by another method?',
  'Which step would a beginner most likely get wrong, and why?',
  'Turn that into a general rule and prove it.',
  'Now write the same thing as a worked example for a textbook.',
  'Rewrite the solution more rigorously.',
  'Now add tests for the failure paths and explain each.',
  'What are the edge cases you did not handle?',
  'Explain the complexity and whether it can be improved.',
  'Give me a harder variant and solve that too.',
];
