/**
 * Dialect lookup: the dialect of a route, resolving `auto` (used by pass-through paths that both
 * APIs share, such as /v1/models) from the `anthropic-version` header every Anthropic client sends.
 */
import { anthropic } from './anthropic.ts';
import type { Dialect, DialectName } from './dialect.ts';
import { openai } from './openai.ts';
import type { Route } from './routes.ts';

export const DIALECTS: Readonly<Record<DialectName, Dialect>> = { anthropic, openai };

export function dialectOf(route: Route, anthropicVersionSent: boolean): Dialect {
  if (route.dialect === 'auto') return anthropicVersionSent ? anthropic : openai;
  return DIALECTS[route.dialect];
}
