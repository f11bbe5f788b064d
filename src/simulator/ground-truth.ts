/**
 * What the simulator knows and the proxy never sees: who sent each request (actor, persona, role,
 * campaign) and who owns each account. The runner records it; the report joins it to the decision
 * log by request id. Plain data, so a report can be recomputed from a saved run.
 */
import type { Actor, Role } from './actor.ts';

/** One request the simulator sent (or tried to: status 0 when the transport failed). */
export interface SendRecord {
  readonly actor: string;
  readonly persona: string;
  readonly role: Role;
  readonly campaign: string | undefined;
  readonly account: string;
  /** Milliseconds since the scenario start at which the request was sent. */
  readonly at: number;
  readonly status: number;
  readonly outputTokens: number;
  readonly requestId: string | undefined;
  /** A distiller's cover request (SimRequest.cover): it harvests nothing. */
  readonly cover?: boolean;
}

export interface AccountTruth {
  readonly id: string;
  /** The actor that owns the account (a borrowed account belongs to its owner). */
  readonly owner: string;
  readonly declaredUse: string | undefined;
}

export interface ActorTruth {
  readonly name: string;
  readonly persona: string;
  readonly role: Role;
  readonly campaign: string | undefined;
  readonly accounts: readonly string[];
  readonly borrows: readonly string[];
}

export interface GroundTruth {
  readonly actors: readonly ActorTruth[];
  readonly accounts: readonly AccountTruth[];
}

export function groundTruth(actors: readonly Actor[]): GroundTruth {
  return {
    actors: actors.map((actor) => ({
      name: actor.name,
      persona: actor.persona,
      role: actor.role,
      campaign: actor.campaign,
      accounts: actor.accounts.map((account) => account.id),
      borrows: actor.borrows ?? [],
    })),
    accounts: actors.flatMap((actor) =>
      actor.accounts.map((account) => ({
        id: account.id,
        owner: actor.name,
        declaredUse: account.declaredUse,
      })),
    ),
  };
}
