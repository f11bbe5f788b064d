/**
 * What the admin API reads and changes: the live state of the running app, handed in by the
 * composition root. Everything is read-only except the override store (through the audit log).
 */
import type { OverrideStore } from '../account/override-store.ts';
import type { KeyStore } from '../auth/key-store.ts';
import type { BlockMemory } from '../block/block-memory.ts';
import type { ChallengeStore } from '../challenge/challenge-store.ts';
import type { RuntimeConfig } from '../config/load-config.ts';
import type { Detector } from '../detection/engine.ts';
import type { LimitStore } from '../limits/limit-store.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { Clock } from '../util/clock.ts';
import type { AuditLog } from './audit-log.ts';
import type { RecentActivity } from './recent-activity.ts';

export interface ReloadView {
  readonly ok: boolean;
  readonly source: string;
  readonly at: number;
  readonly version: string;
  readonly errors: readonly string[];
}

export interface AdminDeps {
  readonly config: () => RuntimeConfig;
  readonly keys: () => KeyStore;
  /** Absent when a custom scorer replaces detection. */
  readonly detector: Detector | undefined;
  readonly limits: LimitStore;
  readonly challenges: ChallengeStore;
  readonly blocks: BlockMemory;
  readonly overrides: OverrideStore;
  readonly activity: RecentActivity;
  readonly audit: AuditLog;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly lastReload: () => ReloadView;
  readonly health: () => Record<string, unknown>;
  readonly readiness: () => { ready: boolean; [key: string]: unknown };
  /** The Prometheus exposition, when telemetry and its endpoint are on. */
  readonly scrape: (() => Promise<string>) | undefined;
}
