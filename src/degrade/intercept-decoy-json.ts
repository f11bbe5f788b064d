/**
 * Decoy interception on a complete JSON answer (the forward stage holds the body): calls to a
 * decoy are removed before the client sees them, and the stop reason no longer says a tool is
 * waiting when none is left —
 *
 * - Anthropic Messages: `tool_use` blocks naming a decoy dropped; `stop_reason: tool_use` →
 *   `end_turn` when no tool_use block remains.
 * - OpenAI Chat: decoy entries of `message.tool_calls` dropped (an emptied list removed);
 *   `finish_reason: tool_calls` → `stop` when none remains.
 * - OpenAI Responses: `function_call` output items naming a decoy dropped.
 *
 * A body that does not parse is passed through unchanged and counted, never failed.
 */
import { objectField } from '../dialects/dialect.ts';
import {
  chatCallName,
  countIntercepted,
  decoyStats,
  isDecoyFunctionCall,
  isDecoyToolUse,
  type DecoyState,
} from './decoy-match.ts';

/** The body without its decoy calls; undefined when it is unchanged (or does not parse). */
export function interceptDecoyJson(
  routeId: string,
  body: string,
  state: DecoyState,
): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    decoyStats.unparsed++;
    return undefined;
  }
  const object = objectField(value);
  if (object === undefined) return undefined;
  const before = state.intercepted;
  if (routeId === 'anthropic.messages') anthropicMessage(object, state);
  else if (routeId === 'openai.chat_completions') chatCompletion(object, state);
  else if (routeId === 'openai.responses') responseOutput(object, state);
  return state.intercepted === before ? undefined : JSON.stringify(object);
}

function anthropicMessage(message: Record<string, unknown>, state: DecoyState): void {
  const content = message['content'];
  if (!Array.isArray(content)) return;
  const kept = content.filter((block) => {
    if (!isDecoyToolUse(block, state.names)) return true;
    countIntercepted(state);
    return false;
  });
  if (kept.length === content.length) return;
  message['content'] = kept;
  const toolUseLeft = kept.some((block) => objectField(block)?.['type'] === 'tool_use');
  if (message['stop_reason'] === 'tool_use' && !toolUseLeft) message['stop_reason'] = 'end_turn';
}

function chatCompletion(completion: Record<string, unknown>, state: DecoyState): void {
  const choices = completion['choices'];
  if (!Array.isArray(choices)) return;
  for (const value of choices) {
    const choice = objectField(value);
    const message = objectField(choice?.['message']);
    const calls = message?.['tool_calls'];
    if (choice === undefined || message === undefined || !Array.isArray(calls)) continue;
    const kept = calls.filter((call) => {
      const name = chatCallName(call);
      if (typeof name !== 'string' || !state.names.has(name)) return true;
      countIntercepted(state);
      return false;
    });
    if (kept.length === calls.length) continue;
    if (kept.length > 0) message['tool_calls'] = kept;
    else {
      delete message['tool_calls'];
      if (choice['finish_reason'] === 'tool_calls') choice['finish_reason'] = 'stop';
    }
  }
}

function responseOutput(response: Record<string, unknown>, state: DecoyState): void {
  const output = response['output'];
  if (!Array.isArray(output)) return;
  response['output'] = output.filter((item) => {
    if (!isDecoyFunctionCall(item, state.names)) return true;
    countIntercepted(state);
    return false;
  });
}
