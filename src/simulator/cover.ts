/**
 * Which requests a distiller sends as cover — ordinary chat it mixes in, harvesting nothing:
 * ground truth for the report (a campaign's harvest read apart from its cover), never sent. An
 * actor that builds its SimRequest sets `SimRequest.cover`; one whose request a shared helper
 * builds from a body alone marks the body with `asCover`. The runner (and the tests' virtual
 * clock) read both where the request is sent, through `isCoverRequest`.
 */
import type { SimRequest } from './actor.ts';

const COVER = new WeakSet<SimRequest['body']>();

/** Marks `body` as a distiller's cover (for a helper that builds the request). Returns it. */
export function asCover<T extends SimRequest['body']>(body: T): T {
  COVER.add(body);
  return body;
}

/** Whether `request` is cover: SimRequest.cover, or its body marked by asCover. */
export function isCoverRequest(request: SimRequest): boolean {
  return request.cover === true || COVER.has(request.body);
}
