/**
 * A virtual ActorContext for tests: time advances only when every actor is waiting (a
 * discrete-event loop), sends are captured and answered at once, so a minute of a scenario runs
 * in well under a second and never sleeps.
 */
import type {
  Actor,
  ActorContext,
  Scenario,
  SimRequest,
  SimResponse,
} from '../../src/simulator/actor.ts';
import { isCoverRequest } from '../../src/simulator/cover.ts';
import { createRng } from '../../src/simulator/rng.ts';

export interface Captured {
  readonly actor: Actor;
  readonly account: string;
  readonly at: number;
  readonly request: SimRequest;
}

export async function runVirtually(
  scenario: Scenario,
  actors: readonly Actor[],
  duration: number,
  answer: (captured: Captured) => SimResponse = () => ({
    status: 200,
    outputTokens: 10,
    requestId: 'req_virtual',
    retryAfterMs: undefined,
  }),
): Promise<Captured[]> {
  const captured: Captured[] = [];
  const wakeups: { at: number; resolve: () => void }[] = [];
  let now = 0;
  let stopped = false;
  const releases = new Map(scenario.models.map((model) => [model.name, model.releasedAt]));
  const root = createRng(7);
  const context = (actor: Actor): ActorContext => ({
    rng: root.fork(actor.name),
    now: () => now,
    duration,
    stopped: () => stopped,
    sleep: (ms) =>
      stopped
        ? Promise.resolve()
        : new Promise((resolve) => wakeups.push({ at: now + Math.max(0, ms), resolve })),
    releasedAt: (model) => releases.get(model) ?? Infinity,
    send: (account, request) => {
      // The body as the proxy gets it: the runner serialises it when the actor sends, while actors
      // keep building their conversation in the objects they sent (the next turn pushed onto the
      // same array); a JSON round trip, as JSON drops undefined keys and turns NaN into null.
      const body = JSON.parse(JSON.stringify(request.body)) as SimRequest['body'];
      // Cover marked on the body (asCover) is read before the copy, as the runner reads it.
      const cover = isCoverRequest(request) ? { cover: true } : {};
      const item = { actor, account, at: now, request: { ...request, body, ...cover } };
      captured.push(item);
      return Promise.resolve(answer(item));
    },
  });
  const running = Promise.all(actors.map((actor) => actor.run(context(actor))));
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  await settle();
  while (wakeups.length > 0) {
    wakeups.sort((a, b) => a.at - b.at);
    const next = wakeups.shift()!;
    if (next.at >= duration) {
      wakeups.unshift(next);
      break;
    }
    now = next.at;
    next.resolve();
    await settle();
  }
  stopped = true;
  now = duration;
  while (wakeups.length > 0) {
    for (const wakeup of wakeups.splice(0)) wakeup.resolve();
    await settle();
  }
  await running;
  return captured;
}
