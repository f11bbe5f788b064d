/**
 * Decoy tools, request side: which of an account's decoys a request gets, and the forwarded body
 * with them appended to its `tools`. Only an agentic request — one that already declares tools and
 * leaves the choice to the model (`tool_choice` absent or auto) — gets decoys: a request without
 * tools would change character, and one that forces a tool (or `any` / `required`, or `none`)
 * would be answered with no call at all once a decoy call is intercepted. A decoy never takes a
 * name the request already uses and never pushes the list past the APIs' tool limit.
 * The response side is intercept-decoy-json.ts and sse-decoy-interceptor.ts.
 */
import type { DecoyTool } from './decoy-names.ts';
import { topLevelArrayEnd } from './json-splice.ts';

/** The routes whose requests take tool definitions. */
export const DECOY_ROUTES: ReadonlySet<string> = new Set([
  'anthropic.messages',
  'openai.chat_completions',
  'openai.responses',
]);

/** The most tools a request may declare (OpenAI's limit; Anthropic's is not lower). */
const MAX_TOOLS = 128;

/** The decoys (among `candidates`, in order) this request can take; empty when none. */
export function planDecoys(
  routeId: string,
  body: Record<string, unknown>,
  candidates: readonly DecoyTool[],
): readonly DecoyTool[] {
  if (!DECOY_ROUTES.has(routeId)) return [];
  const tools = body['tools'];
  if (!Array.isArray(tools) || tools.length === 0 || !leavesChoiceToModel(body['tool_choice']))
    return [];
  const taken = new Set<unknown>();
  for (const tool of tools) taken.add(toolName(tool));
  const room = MAX_TOOLS - tools.length;
  return candidates.filter((decoy) => !taken.has(decoy.name)).slice(0, Math.max(0, room));
}

/** `tool_choice` absent, "auto" or `{ type: "auto" }` (Anthropic's may disable parallel use). */
function leavesChoiceToModel(choice: unknown): boolean {
  if (choice === undefined || choice === null || choice === 'auto') return true;
  return (choice as { type?: unknown } | null)?.type === 'auto';
}

/** A declared tool's name in any of the three shapes. */
export function toolName(tool: unknown): unknown {
  if (tool === null || typeof tool !== 'object') return undefined;
  const record = tool as Record<string, unknown>;
  const fn = record['function'];
  if (fn !== null && typeof fn === 'object') return (fn as Record<string, unknown>)['name'];
  return record['name'];
}

/** The decoy's definition in the route's shape. */
export function decoyDefinition(routeId: string, decoy: DecoyTool): Record<string, unknown> {
  const { name, description, parameters } = decoy;
  if (routeId === 'anthropic.messages') return { name, description, input_schema: parameters };
  if (routeId === 'openai.chat_completions')
    return { type: 'function', function: { name, description, parameters } };
  return { type: 'function', name, description, parameters };
}

/**
 * The body to forward with `decoys` appended to its tools: spliced into the bytes when the tools
 * array can be found in them (everything else stays byte for byte), else re-serialised from
 * `body` (the parsed form of `raw`).
 */
export function injectDecoys(
  routeId: string,
  raw: Buffer,
  body: Record<string, unknown>,
  decoys: readonly DecoyTool[],
): Buffer {
  const definitions = decoys.map((decoy) => decoyDefinition(routeId, decoy));
  const end = topLevelArrayEnd(raw, 'tools');
  if (end !== undefined) {
    const items = definitions.map((definition) => JSON.stringify(definition)).join(',');
    // The array is known not to be empty (planDecoys): the items follow a comma.
    return Buffer.concat([raw.subarray(0, end), Buffer.from(`,${items}`), raw.subarray(end)]);
  }
  const tools = body['tools'] as unknown[];
  return Buffer.from(JSON.stringify({ ...body, tools: [...tools, ...definitions] }));
}
