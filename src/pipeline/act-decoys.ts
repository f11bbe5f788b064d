/**
 * The act stage's decoy steps (issue 5, "decoy tools … whose calls are intercepted"):
 * `noteDecoyNames` records a decoy name the client's request carries (run on the body as the
 * client sent it, before anything the proxy adds or restores); `addDecoys`, when the enforced
 * decision is a degrade rule with `decoy_tools`, adds the account's decoys to the body about to be
 * forwarded and arms the response-side interception (ctx.decoys, read by the forward stage).
 * Both cost nothing until this process has served a decoy, or without a decoy rule (no namer).
 */
import type { DecoyNamer } from '../degrade/decoy-names.ts';
import { findDecoyName, servedDecoys } from '../degrade/decoy-scan.ts';
import { injectDecoys, planDecoys } from '../degrade/decoy-tools.ts';
import type { RequestContext } from './request-context.ts';

/** Sets ctx.decoySeen: the account whose decoy name the client's request carries, if any. */
export function noteDecoyNames(
  ctx: RequestContext,
  body: Buffer,
  parsed: Record<string, unknown>,
): void {
  const { account, route } = ctx;
  if (account === undefined || route === undefined) return;
  ctx.decoySeen = findDecoyName(servedDecoys, account.id, body, route.id, parsed);
}

/** The body to forward: `body` itself, or a copy with the account's decoys added. */
export function addDecoys(
  ctx: RequestContext,
  namer: DecoyNamer | undefined,
  body: Buffer,
  parsed: Record<string, unknown>,
): Buffer {
  const { account, route } = ctx;
  const decision = ctx.policy?.enforced;
  const count = decision?.action === 'degrade' ? (decision.degrade.decoyTools ?? 0) : 0;
  if (count === 0 || namer === undefined || account === undefined || route === undefined)
    return body;
  const decoys = planDecoys(
    route.id,
    parsed,
    namer.tools(account.id, ctx.startedAt).slice(0, count),
  );
  if (decoys.length === 0) return body;
  const names = decoys.map((decoy) => decoy.name);
  servedDecoys.remember(names, account.id);
  ctx.decoys = { names: new Set(names), intercepted: 0 };
  ctx.degraded = [...(ctx.degraded ?? []), 'decoy_tools'];
  return injectDecoys(route.id, body, parsed, decoys);
}
