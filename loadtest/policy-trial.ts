/**
 * A policy trial on simulator runs, without their traffic: each run's kept decision log
 * (`distillguard simulate --log RUN.log`) replayed in start order through a baseline config and a
 * candidate (PolicyReplay, as `distillguard backtest` replays), and the accounts each visibly acts
 * on — a throttle, degrade, challenge or block, or a refusal — counted by the role the run's ground
 * truth (`--truth RUN.truth.json`) gives their owner — and, per role, the output the candidate
 * withholds or releases, as a backtest counts it. The caveat is a backtest's: clients are
 * assumed to send what they sent (a refused hydra would have rotated). What DETECTION.md's policy
 * trials are measured with; a change that survives one is then measured through the simulator.
 *
 *   node loadtest/policy-trial.ts --candidate C.yaml [--baseline config/simulate.yaml] RUN…
 *
 * RUN is the path both files share before `.log` and `.truth.json`.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadBacktestConfig } from '../src/backtest/backtest-logs.ts';
import { DecisionChanges, type TokenChanges } from '../src/backtest/decision-changes.ts';
import { PolicyReplay, type Replayed } from '../src/backtest/policy-replay.ts';
import type { ReplayRecord } from '../src/backtest/replay-record.ts';
import { StartOrder } from '../src/backtest/start-order.ts';
import type { RuntimeConfig } from '../src/config/load-config.ts';
import { readLogs } from '../src/decision-log/read-logs.ts';
import { Interner } from '../src/util/bounded-table.ts';

/** One actor of a run's ground truth, as `simulate --truth` writes it. */
export interface TruthActor {
  readonly name: string;
  readonly role: 'legitimate' | 'distiller';
  readonly accounts: readonly string[];
}

export interface Trial {
  /** Accounts visibly actioned by the baseline's replay and by the candidate's, per role. */
  readonly legitimate: { readonly baseline: number; readonly candidate: number };
  readonly distiller: { readonly baseline: number; readonly candidate: number };
  /** Per actor whose accounts moved: how many only the baseline acts on, and only the candidate. */
  readonly moved: ReadonlyMap<string, { readonly released: number; readonly added: number }>;
  /**
   * Per role, the output the candidate withholds and releases — requests one side refuses and the
   * other serves, newly degraded ones — as `distillguard backtest` counts it (DecisionChanges):
   * what a rule acting on accounts already actioned changes, which the account counts cannot show.
   */
  readonly tokens: Readonly<Record<TruthActor['role'], TokenChanges>>;
}

const VISIBLE = new Set(['throttle', 'degrade', 'challenge', 'block']);
const visible = (decision: Replayed): boolean => VISIBLE.has(decision.action) || decision.refused;

export async function policyTrial(
  baseline: RuntimeConfig,
  candidate: RuntimeConfig,
  log: string,
  truth: readonly TruthActor[],
): Promise<Trial> {
  const owner = new Map<string, TruthActor>();
  for (const actor of truth) for (const account of actor.accounts) owner.set(account, actor);
  const before = new PolicyReplay(baseline);
  const after = new PolicyReplay(candidate);
  const byBaseline = new Set<string>();
  const byCandidate = new Set<string>();
  const order = new StartOrder();
  const names = new Interner();
  const changes = { legitimate: new DecisionChanges(names), distiller: new DecisionChanges(names) };
  const replay = (record: ReplayRecord): void => {
    if (record.account === null) return;
    const was = before.replay(record);
    const now = after.replay(record);
    if (visible(was)) byBaseline.add(record.account);
    if (visible(now)) byCandidate.add(record.account);
    const role = owner.get(record.account)?.role;
    if (role !== undefined) changes[role].add(record, was, now);
  };
  const read = await readLogs([log], (record) => {
    if (record.action === 'reject') return;
    order.push(record, replay);
  });
  if (!read.ok) throw new Error(read.message);
  order.flush(replay);

  const count = (accounts: ReadonlySet<string>, role: TruthActor['role']): number =>
    [...accounts].filter((account) => owner.get(account)?.role === role).length;
  const moved = new Map<string, { released: number; added: number }>();
  const move = (account: string, key: 'released' | 'added'): void => {
    const actor = owner.get(account);
    if (actor === undefined) return;
    const entry = moved.get(actor.name) ?? { released: 0, added: 0 };
    entry[key]++;
    moved.set(actor.name, entry);
  };
  for (const account of byBaseline) if (!byCandidate.has(account)) move(account, 'released');
  for (const account of byCandidate) if (!byBaseline.has(account)) move(account, 'added');
  return {
    legitimate: {
      baseline: count(byBaseline, 'legitimate'),
      candidate: count(byCandidate, 'legitimate'),
    },
    distiller: {
      baseline: count(byBaseline, 'distiller'),
      candidate: count(byCandidate, 'distiller'),
    },
    moved,
    tokens: {
      legitimate: changes.legitimate.tokenReport(),
      distiller: changes.distiller.tokenReport(),
    },
  };
}

async function config(file: string): Promise<RuntimeConfig> {
  const loaded = await loadBacktestConfig(file);
  if (!loaded.ok) throw new Error(`${file}: ${JSON.stringify(loaded.errors)}`);
  return loaded.config;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      candidate: { type: 'string' },
      baseline: { type: 'string', default: 'config/simulate.yaml' },
    },
    allowPositionals: true,
  });
  if (values.candidate === undefined || positionals.length === 0) {
    process.stderr.write(
      'usage: node loadtest/policy-trial.ts --candidate C.yaml [--baseline B.yaml] RUN…\n',
    );
    process.exit(2);
  }
  const baseline = await config(values.baseline);
  const candidate = await config(values.candidate);
  const total = { lb: 0, lc: 0, db: 0, dc: 0, dw: 0, dt: 0, dr: 0, lw: 0, lr: 0 };
  for (const run of positionals) {
    const truth = JSON.parse(await readFile(`${run}.truth.json`, 'utf8')) as TruthActor[];
    const trial = await policyTrial(baseline, candidate, `${run}.log`, truth);
    const { legitimate: l, distiller: d } = trial;
    const { distiller: dt, legitimate: lt } = trial.tokens;
    // Refused only by the candidate: served with logged tokens, or with none logged (unknown).
    const dWithheld = dt.withheld_requests + dt.withheld_unknown_requests;
    const lWithheld = lt.withheld_requests + lt.withheld_unknown_requests;
    total.lb += l.baseline;
    total.lc += l.candidate;
    total.db += d.baseline;
    total.dc += d.candidate;
    total.dw += dWithheld;
    total.dt += dt.withheld;
    total.dr += dt.released_requests;
    total.lw += lWithheld;
    total.lr += lt.released_requests;
    const moved = [...trial.moved]
      .map(([actor, m]) => `${actor} −${m.released}+${m.added}`)
      .join(', ');
    process.stdout.write(
      `${run}: legitimate ${l.baseline} → ${l.candidate}, distiller ${d.baseline} → ${d.candidate}${moved === '' ? '' : `  (${moved})`}\n` +
        `  requests refused only by the candidate (only by the baseline): distiller ${dWithheld}, ${dt.withheld} tokens served${dt.withheld_unknown_requests === 0 ? '' : ` (${dt.withheld_unknown_requests} of them uncounted)`} (${dt.released_requests}); legitimate ${lWithheld} (${lt.released_requests}); newly degraded: distiller ${dt.newly_degraded_requests}, legitimate ${lt.newly_degraded_requests}\n`,
    );
  }
  process.stdout.write(
    `all: legitimate ${total.lb} → ${total.lc}, distiller ${total.db} → ${total.dc}; ` +
      `refused only by the candidate (only by the baseline): distiller ${total.dw} requests, ${total.dt} tokens served (${total.dr}); legitimate ${total.lw} (${total.lr})\n`,
  );
}

if (import.meta.main) await main();
