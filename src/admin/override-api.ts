/**
 * PUT and DELETE /admin/accounts/:id/override and /admin/accounts/:id/labels: runtime overrides
 * (allow | deny, verified, declared use) and labels, each with a required reason, actor and
 * expiry. Changes run one at a time; each is written to the audit log first and applied only when
 * that write succeeded — an unaudited change never takes effect (503 instead). A shared store that
 * cannot take changes now (Redis out, failure mode closed) refuses them before anything is audited.
 */
import type { z } from 'zod';
import type { RuntimeOverride, RuntimeOverrideKind } from '../account/override-store.ts';
import type { AdminDeps } from './admin-deps.ts';
import { errorReply, readJsonBody, type AdminReply, type AdminRequest } from './admin-http.ts';
import { keysOf } from './account-report.ts';
import type { AuditChange } from './audit-log.ts';
import {
  deleteBody,
  labelsBody,
  overrideBody,
  parseBody,
  parseExpiry,
  validAccountId,
} from './override-requests.ts';
import { entryJson } from './report-format.ts';

type SetBody = z.output<typeof overrideBody> | z.output<typeof labelsBody>;

export function createOverrideApi(deps: AdminDeps) {
  // One change at a time: `before` and `after` in the audit log are what really happened.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = (task: () => Promise<AdminReply>): Promise<AdminReply> => {
    const result = queue.then(task);
    queue = result.catch(() => {});
    return result;
  };

  async function put(request: AdminRequest, kind: RuntimeOverrideKind): Promise<AdminReply> {
    const id = request.params.id ?? '';
    if (!validAccountId(id)) return badAccount();
    const body = await readJsonBody(request.raw);
    if (!('json' in body)) return body;
    const schema: z.ZodType<SetBody> = kind === 'override' ? overrideBody : labelsBody;
    const parsed = parseBody(schema, body.json);
    if (!parsed.ok) return invalid(parsed.issues);
    return serial(async () => {
      const now = deps.clock.now();
      const expiresAt = parseExpiry(parsed.value.expires, now);
      if (typeof expiresAt !== 'number') return invalid([expiresAt]);
      const entry = toEntry(id, kind, parsed.value, now, expiresAt);
      if (!deps.overrides.writable()) return storeUnavailable(deps);
      const before = deps.overrides.list(id, now).find((item) => item.kind === kind);
      const failed = await audit(request, `${kind}.set`, entry, before, entry);
      if (failed) return failed;
      deps.overrides.set(entry);
      return {
        status: 200,
        body: {
          account: id,
          known_account: await known(deps, id, now),
          before: entryJson(before),
          after: entryJson(entry),
        },
      };
    });
  }

  async function remove(request: AdminRequest, kind: RuntimeOverrideKind): Promise<AdminReply> {
    const id = request.params.id ?? '';
    if (!validAccountId(id)) return badAccount();
    const body = await readJsonBody(request.raw);
    if (!('json' in body)) return body;
    const parsed = parseBody(deleteBody, body.json);
    if (!parsed.ok) return invalid(parsed.issues);
    return serial(async () => {
      const now = deps.clock.now();
      const before = deps.overrides.list(id, now).find((item) => item.kind === kind);
      if (before === undefined) {
        return errorReply(404, 'not_found_error', `No runtime ${kind} is set for this account.`);
      }
      if (!deps.overrides.writable()) return storeUnavailable(deps);
      const change = { actor: parsed.value.actor, reason: parsed.value.reason };
      const failed = await audit(request, `${kind}.delete`, change, before, undefined);
      if (failed) return failed;
      deps.overrides.delete(id, kind);
      return { status: 200, body: { account: id, before: entryJson(before), after: null } };
    });
  }

  /** Writes the audit line; a reply when it failed (nothing is changed then). */
  async function audit(
    request: AdminRequest,
    change: AuditChange,
    by: { readonly actor: string; readonly reason: string },
    before: RuntimeOverride | undefined,
    after: RuntimeOverride | undefined,
  ): Promise<AdminReply | undefined> {
    const entry = {
      change,
      account: request.params.id ?? '',
      actor: by.actor,
      reason: by.reason,
      remote: request.remote,
      requestId: request.requestId,
      before: entryJson(before),
      after: entryJson(after),
    };
    try {
      await deps.audit.append(entry, deps.clock.now());
      return undefined;
    } catch (error) {
      deps.metrics.failure('audit_log_write', (error as NodeJS.ErrnoException).code ?? 'error');
      return errorReply(
        503,
        'unavailable_error',
        'The audit log could not be written; nothing changed.',
      );
    }
  }

  return {
    putOverride: (request: AdminRequest) => put(request, 'override'),
    deleteOverride: (request: AdminRequest) => remove(request, 'override'),
    putLabels: (request: AdminRequest) => put(request, 'labels'),
    deleteLabels: (request: AdminRequest) => remove(request, 'labels'),
  };
}

function toEntry(
  account: string,
  kind: RuntimeOverrideKind,
  body: SetBody,
  now: number,
  expiresAt: number,
): RuntimeOverride {
  const override = 'labels' in body ? undefined : body;
  return {
    account,
    kind,
    action: override?.action,
    verified: override?.verified,
    declaredUse: override?.declared_use,
    labels: 'labels' in body ? body.labels : [],
    reason: body.reason,
    actor: body.actor,
    setAt: now,
    expiresAt,
  };
}

async function known(deps: AdminDeps, id: string, now: number): Promise<boolean> {
  return (
    (await keysOf(deps.keys(), id)).length > 0 ||
    deps.activity.facts(id) !== undefined ||
    deps.detector?.accountView(id, now) !== undefined
  );
}

/** The shared override store cannot take changes now (failure mode closed): counted, 503. */
function storeUnavailable(deps: AdminDeps): AdminReply {
  deps.metrics.storeError('overrides', 'closed');
  return errorReply(
    503,
    'unavailable_error',
    'The shared override store is unavailable; nothing changed.',
    { headers: { 'retry-after': '1' } },
  );
}

function invalid(issues: readonly { path: string; message: string }[]): AdminReply {
  return errorReply(400, 'invalid_request_error', 'The request body is invalid.', { issues });
}

function badAccount(): AdminReply {
  return errorReply(400, 'invalid_request_error', 'The account id is not valid.');
}
