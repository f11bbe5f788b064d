/**
 * The scenarios `distillguard simulate --scenario` knows, loaded lazily: the project's own
 * (`default`, `demo`, and `waves`, the case synchronised-timing links exist for), `holdout`, written apart from detection so that it measures what
 * detection generalises to, and `redteam` to `redteam8`, written the same way by eight red teams.
 * A scenario module exports `scenario: Scenario`.
 */
import type { Scenario } from './actor.ts';

type Loader = () => Promise<{ scenario?: Scenario }>;

// Computed specifier: the holdout set may be absent from a checkout (and must typecheck then).
const HOLDOUT = ['.', 'holdout', 'index.ts'].join('/');

export const SCENARIOS: Readonly<Record<string, Loader>> = {
  default: () => import('./scenarios/default/index.ts'),
  demo: () => import('./scenarios/demo/index.ts'),
  waves: () => import('./scenarios/waves/index.ts'),
  holdout: () => import(HOLDOUT) as Promise<{ scenario?: Scenario }>,
  redteam: () => import('./redteam/index.ts'),
  redteam2: () => import('./redteam2/index.ts'),
  redteam3: () => import('./redteam3/index.ts'),
  redteam4: () => import('./redteam4/index.ts'),
  redteam5: () => import('./redteam5/index.ts'),
  redteam6: () => import('./redteam6/index.ts'),
  redteam7: () => import('./redteam7/index.ts'),
  redteam8: () => import('./redteam8/index.ts'),
};

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly message: string };

export async function loadScenario(name: string): Promise<LoadResult> {
  const loader = SCENARIOS[name];
  if (!loader)
    return {
      ok: false,
      message: `unknown scenario "${name}" (known: ${Object.keys(SCENARIOS).join(', ')})`,
    };
  try {
    const module = await loader();
    if (!module.scenario) return { ok: false, message: `scenario "${name}" not available` };
    return { ok: true, scenario: module.scenario };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND')
      return { ok: false, message: `scenario "${name}" not available` };
    throw error;
  }
}
