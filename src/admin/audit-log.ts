/**
 * The audit log of operator changes made through the admin API: one NDJSON line per change — who
 * (the actor the operator named, and the peer address), what (the change and the account), when,
 * why, and the entry before and after. A change is applied only once its line is on disk: no
 * unaudited change. Lines are small and rare, so each is appended and fsynced on its own, one at a
 * time. Never a secret: the admin token and API keys are not part of any entry.
 */
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

export const AUDIT_RECORD_VERSION = 1;

export type AuditChange = 'override.set' | 'override.delete' | 'labels.set' | 'labels.delete';

export interface AuditEntry {
  readonly change: AuditChange;
  readonly account: string;
  readonly actor: string;
  readonly reason: string;
  /** The address the admin request came from. */
  readonly remote: string;
  /** The admin request's id (also in the answer's x-request-id). */
  readonly requestId: string;
  readonly before: object | null;
  readonly after: object | null;
}

export interface AuditLog {
  /** Appends one change; rejects when it could not be written (the change must not apply). */
  append(entry: AuditEntry, now: number): Promise<void>;
}

/** The audit record as written (and as the README documents it). */
export function auditRecord(entry: AuditEntry, now: number): Record<string, unknown> {
  return {
    v: AUDIT_RECORD_VERSION,
    ts: new Date(now).toISOString(),
    change: entry.change,
    account: entry.account,
    actor: entry.actor,
    reason: entry.reason,
    remote: entry.remote,
    request_id: entry.requestId,
    before: entry.before,
    after: entry.after,
  };
}

/** `path` is read at each write: a reload may move the log. */
export function createAuditLog(path: () => string): AuditLog {
  let tail: Promise<void> = Promise.resolve();
  return {
    append(entry, now) {
      const line = `${JSON.stringify(auditRecord(entry, now))}\n`;
      const write = async (): Promise<void> => {
        const file = path();
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, line, { mode: 0o600 });
        const handle = await open(file, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
      };
      // One write at a time, in order; a failed one does not stop the next.
      const result = tail.then(write);
      tail = result.catch(() => {});
      return result;
    },
  };
}
