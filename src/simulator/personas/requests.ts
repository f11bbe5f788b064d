/**
 * Requests in either dialect from one set of options, as the later red teams build them: a body
 * in the dialect's own shape (options the dialect lacks left out), text turns, a tool call and
 * its result in the dialect's transcript shape, tool-call ids in the dialect's style, opaque
 * end-user digests, and sending a body as an account with a client from an address.
 */
import type { ActorContext, SimRequest, SimResponse } from '../actor.ts';
import type { Rng } from '../rng.ts';
import type { ClientProfile } from './clients.ts';

export type Dialect = SimRequest['dialect'];

/** A request body, or one of its messages, in either dialect. */
export type Body = Record<string, unknown>;

/** Sends `body` as `account` with `client` from `clientIp`. */
export function send(
  ctx: ActorContext,
  account: string,
  dialect: Dialect,
  body: Body,
  client: ClientProfile,
  clientIp: string,
): Promise<SimResponse> {
  const request: SimRequest = {
    dialect,
    body,
    userAgent: client.userAgent,
    headers: client.headers,
    clientIp,
  };
  return ctx.send(account, request);
}

export interface Tool {
  readonly name: string;
  readonly description: string;
  /** Parameter name → JSON type (`string`, `integer`, `boolean`, `string[]`) or an enum. */
  readonly params: Readonly<Record<string, string | readonly string[]>>;
  /** The required parameters (the first one when left out). */
  readonly required?: readonly string[];
}

function jsonSchema(tool: Tool): Body {
  return {
    type: 'object',
    properties: Object.fromEntries(
      Object.entries(tool.params).map(([name, type]) => [
        name,
        typeof type === 'string'
          ? type.endsWith('[]')
            ? { type: 'array', items: { type: type.slice(0, -2) } }
            : { type }
          : { type: 'string', enum: [...type] },
      ]),
    ),
    required: [...(tool.required ?? Object.keys(tool.params).slice(0, 1))],
  };
}

/** `tools` as the dialect declares them. */
export function toolsFor(dialect: Dialect, tools: readonly Tool[]): Body[] {
  return dialect === 'anthropic'
    ? tools.map((tool) => ({
        name: tool.name,
        description: tool.description,
        input_schema: jsonSchema(tool),
      }))
    : tools.map((tool) => ({
        type: 'function',
        function: { name: tool.name, description: tool.description, parameters: jsonSchema(tool) },
      }));
}

export interface BodyOptions {
  readonly model: string;
  readonly messages: readonly Body[];
  readonly system?: string | undefined;
  readonly maxTokens?: number | undefined;
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
  readonly stream?: boolean | undefined;
  readonly tools?: readonly Tool[] | undefined;
  /** Messages: forces this tool (tool_choice); chat: the same as a named function. */
  readonly forceTool?: string | undefined;
  /** Messages only: extended thinking with this budget (temperature and top_p are then left out). */
  readonly thinking?: number | undefined;
  /** Messages: metadata.user_id; chat: user. */
  readonly endUser?: string | undefined;
  /** Chat only. */
  readonly n?: number | undefined;
  readonly seed?: number | undefined;
  /** Chat only: a reasoning model's effort (max_completion_tokens, a developer message). */
  readonly reasoningEffort?: 'low' | 'medium' | 'high' | undefined;
  readonly jsonOutput?: boolean | undefined;
  /** Messages: stop_sequences; chat: stop. */
  readonly stop?: readonly string[] | undefined;
}

/** A body in the dialect's own shape; options the dialect lacks are left out. */
export function body(dialect: Dialect, options: BodyOptions): Body {
  if (dialect === 'anthropic') {
    const thinking = options.thinking;
    return {
      model: options.model,
      max_tokens: options.maxTokens ?? 4_096,
      ...(options.system !== undefined ? { system: options.system } : {}),
      messages: options.messages,
      ...(options.temperature !== undefined && thinking === undefined
        ? { temperature: options.temperature }
        : {}),
      ...(options.topP !== undefined && thinking === undefined ? { top_p: options.topP } : {}),
      ...(thinking !== undefined ? { thinking: { type: 'enabled', budget_tokens: thinking } } : {}),
      ...(options.stop ? { stop_sequences: [...options.stop] } : {}),
      ...(options.tools ? { tools: toolsFor('anthropic', options.tools) } : {}),
      ...(options.forceTool !== undefined
        ? { tool_choice: { type: 'tool', name: options.forceTool } }
        : {}),
      ...(options.endUser !== undefined ? { metadata: { user_id: options.endUser } } : {}),
      ...(options.stream ? { stream: true } : {}),
    };
  }
  const reasoning = options.reasoningEffort !== undefined;
  return {
    model: options.model,
    messages: [
      ...(options.system !== undefined
        ? [{ role: reasoning ? 'developer' : 'system', content: options.system }]
        : []),
      ...options.messages,
    ],
    ...(options.maxTokens !== undefined
      ? reasoning
        ? { max_completion_tokens: options.maxTokens }
        : { max_tokens: options.maxTokens }
      : {}),
    ...(options.temperature !== undefined && !reasoning
      ? { temperature: options.temperature }
      : {}),
    ...(options.topP !== undefined && !reasoning ? { top_p: options.topP } : {}),
    ...(options.n !== undefined ? { n: options.n } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(reasoning ? { reasoning_effort: options.reasoningEffort } : {}),
    ...(options.stop ? { stop: [...options.stop] } : {}),
    ...(options.jsonOutput ? { response_format: { type: 'json_object' } } : {}),
    ...(options.tools ? { tools: toolsFor('openai', options.tools) } : {}),
    ...(options.forceTool !== undefined
      ? { tool_choice: { type: 'function', function: { name: options.forceTool } } }
      : {}),
    ...(options.endUser !== undefined ? { user: options.endUser } : {}),
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

export function user(text: string): Body {
  return { role: 'user', content: text };
}

export function assistant(text: string): Body {
  return { role: 'assistant', content: text };
}

/** One tool call and its result, in the dialect's transcript shape. */
export function toolStep(
  dialect: Dialect,
  id: string,
  name: string,
  input: Record<string, unknown>,
  result: string,
  preface?: string,
): Body[] {
  if (dialect === 'anthropic')
    return [
      {
        role: 'assistant',
        content: [
          ...(preface !== undefined ? [{ type: 'text', text: preface }] : []),
          { type: 'tool_use', id, name, input },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: result }] },
    ];
  return [
    {
      role: 'assistant',
      content: preface ?? null,
      tool_calls: [{ id, type: 'function', function: { name, arguments: JSON.stringify(input) } }],
    },
    { role: 'tool', tool_call_id: id, content: result },
  ];
}

const TOKEN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random letters and digits. */
export function token(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TOKEN.charAt(rng.int(0, TOKEN.length - 1));
  return out;
}

/** Random lower-case hexadecimal. */
export function hex(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'.charAt(rng.int(0, 15));
  return out;
}

/** A tool-call id in the dialect's style. */
export function callId(rng: Rng, dialect: Dialect): string {
  return dialect === 'anthropic' ? `toolu_01${token(rng, 22)}` : `call_${token(rng, 24)}`;
}

/** A stable 8-hex-digit digest of a string (FNV-1a): end-user ids that look opaque. */
export function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
