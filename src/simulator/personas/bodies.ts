/**
 * Request bodies in each dialect's own shape: Anthropic Messages (max_tokens required, system
 * apart, tool_use/tool_result blocks, thinking, metadata.user_id) and OpenAI chat completions
 * (system as a message, tool_calls and tool messages, n, user).
 */

export interface Turn {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

export interface AnthropicOptions {
  readonly model: string;
  readonly maxTokens: number;
  readonly system?: string;
  readonly temperature?: number;
  readonly thinkingBudget?: number;
  readonly tools?: readonly ToolSpec[];
  readonly userId?: string;
  readonly stream?: boolean;
}

export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: Record<string, unknown>;
}

export function anthropicBody(
  options: AnthropicOptions,
  messages: readonly Record<string, unknown>[],
): Record<string, unknown> {
  return {
    model: options.model,
    max_tokens: options.maxTokens,
    ...(options.system !== undefined ? { system: options.system } : {}),
    messages,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.thinkingBudget !== undefined
      ? { thinking: { type: 'enabled', budget_tokens: options.thinkingBudget } }
      : {}),
    ...(options.tools
      ? {
          tools: options.tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            input_schema: tool.parameters,
          })),
        }
      : {}),
    ...(options.userId !== undefined ? { metadata: { user_id: options.userId } } : {}),
    ...(options.stream ? { stream: true } : {}),
  };
}

export function textTurns(turns: readonly Turn[]): Record<string, unknown>[] {
  return turns.map((turn) => ({ role: turn.role, content: turn.text }));
}

export interface OpenAiOptions {
  readonly model: string;
  readonly maxTokens?: number;
  readonly system?: string;
  readonly temperature?: number;
  readonly n?: number;
  readonly tools?: readonly ToolSpec[];
  readonly user?: string;
  readonly stream?: boolean;
}

export function openaiBody(
  options: OpenAiOptions,
  messages: readonly Record<string, unknown>[],
): Record<string, unknown> {
  return {
    model: options.model,
    messages: [
      ...(options.system !== undefined ? [{ role: 'system', content: options.system }] : []),
      ...messages,
    ],
    ...(options.maxTokens !== undefined ? { max_tokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.n !== undefined ? { n: options.n } : {}),
    ...(options.tools
      ? {
          tools: options.tools.map((tool) => ({
            type: 'function',
            function: {
              name: tool.name,
              description: tool.description,
              parameters: tool.parameters,
            },
          })),
        }
      : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

/** A JSON-schema object with string properties (tool parameters). */
export function objectSchema(properties: readonly string[], required = properties.slice(0, 1)) {
  return {
    type: 'object',
    properties: Object.fromEntries(properties.map((name) => [name, { type: 'string' }])),
    required,
  };
}
