/**
 * Compiles the `policy` config section into the frozen structure `evaluatePolicy` reads, with a
 * version hash written into every decision record, so a reviewer can tell which policy decided.
 * (The enforcement release adds ordered rules here.)
 */
import { hash } from 'node:crypto';
import type { FileConfig } from '../config/schema.ts';
import type { Mode } from './decision.ts';

export interface RiskRule {
  readonly enabled: boolean;
  readonly blockScore: number;
  readonly observeScore: number;
  readonly minFamilies: number;
  readonly capDeclaredUse: boolean;
  readonly capVerified: boolean;
}

export interface CompiledPolicy {
  readonly version: string;
  readonly mode: Mode;
  readonly risk: RiskRule;
}

export function compilePolicy(section: FileConfig['policy']): CompiledPolicy {
  return Object.freeze({
    version: `pol_${hash('sha256', canonicalJson(section), 'hex').slice(0, 12)}`,
    mode: section.mode,
    risk: Object.freeze({
      enabled: section.risk.enabled,
      blockScore: section.risk.block_score,
      observeScore: Math.min(section.risk.observe_score, section.risk.block_score),
      minFamilies: section.risk.min_families,
      capDeclaredUse: section.risk.cap_declared_use,
      capVerified: section.risk.cap_verified,
    }),
  });
}

/** JSON with sorted keys, so the version depends on content, not on key order in the file. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}
