/**
 * Dialect lookup: the dialect of a route, resolving `auto` (used by pass-through paths that both
 * APIs share, such as /v1/models) from the `anthropic-version` header every Anthropic client sends.
 */
import { anthropic } from './anthropic.ts';
import type { Dialect, DialectName } from './dialect.ts';
import { openai } from './openai.ts';
import type { Route } from './routes.ts';

export const DIALECTS: Readonly<Record<DialectName, Dialect>> = { anthropic, openai };

/**
 * The dialect to shape an error in before a route is known (a refused target, a parser error):
 * the Anthropic API's paths all start with /v1/messages; everything else is OpenAI-shaped.
 */
export function guessDialect(target: string): Dialect {
  return target.includes('/v1/messages') ? anthropic : openai;
}

export function dialectOf(route: Route, anthropicVersionSent: boolean): Dialect {
  if (route.dialect === 'auto') return anthropicVersionSent ? anthropic : openai;
  return DIALECTS[route.dialect];
}
