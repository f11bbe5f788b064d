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
 * The answer is parsed to decide, then the decision is carried out on its bytes (json-splice.ts):
 * everything but the removed calls and the changed stop reason stays as the upstream wrote it, and
 * the long text an answer is mostly made of is never re-serialised. A body that does not parse is
 * passed through unchanged and counted, never failed.
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
import {
  applyEdits,
  itemsOf,
  keepOnly,
  memberNamed,
  membersOf,
  topLevelValue,
  type Edit,
  type Member,
  type Span,
} from './json-splice.ts';

/** The body without its decoy calls; undefined when it is unchanged (or does not parse). */
export function interceptDecoyJson(
  routeId: string,
  raw: Buffer,
  state: DecoyState,
): Buffer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    decoyStats.unparsed++;
    return undefined;
  }
  const object = objectField(value);
  if (object === undefined) return undefined;
  const before = state.intercepted;
  const edits =
    routeId === 'anthropic.messages'
      ? anthropicMessage(object, raw, state)
      : routeId === 'openai.chat_completions'
        ? chatCompletion(object, raw, state)
        : routeId === 'openai.responses'
          ? responseOutput(object, raw, state)
          : [];
  if (state.intercepted === before) return undefined;
  // The bytes could not be followed (a repeated or escaped key): the edited object is written out.
  return edits === undefined ? Buffer.from(JSON.stringify(object)) : applyEdits(raw, edits);
}

/** Keeps the items of `list` that `keep` accepts; the positions of the others. */
function dropFrom(list: unknown[], keep: (item: unknown) => boolean): Set<number> {
  const dropped = new Set<number>();
  list.forEach((item, index) => {
    if (!keep(item)) dropped.add(index);
  });
  return dropped;
}

function countAll(dropped: ReadonlySet<number>, state: DecoyState): void {
  for (let n = 0; n < dropped.size; n++) countIntercepted(state);
}

/** An edit keeping only the items of the array value of `member` not in `dropped`. */
function arrayEdit(raw: Buffer, member: Member | undefined, dropped: ReadonlySet<number>) {
  const items = member && itemsOf(raw, member.value.start);
  return items && keepOnly(raw, member.value, items, (index) => !dropped.has(index), '[', ']');
}

/** An edit setting the string value of `member`. */
function valueEdit(member: Member | undefined, text: string): Edit | undefined {
  return member && { ...member.value, with: [Buffer.from(JSON.stringify(text))] };
}

function anthropicMessage(message: Record<string, unknown>, raw: Buffer, state: DecoyState) {
  const content = message['content'];
  if (!Array.isArray(content)) return [];
  const dropped = dropFrom(content, (block) => !isDecoyToolUse(block, state.names));
  if (dropped.size === 0) return [];
  countAll(dropped, state);
  const kept = content.filter((_, index) => !dropped.has(index));
  message['content'] = kept;
  const members = membersOf(raw, 0);
  const edits = [arrayEdit(raw, members && memberNamed(members, 'content'), dropped)];
  const toolUseLeft = kept.some((block) => objectField(block)?.['type'] === 'tool_use');
  if (message['stop_reason'] === 'tool_use' && !toolUseLeft) {
    message['stop_reason'] = 'end_turn';
    edits.push(valueEdit(members && memberNamed(members, 'stop_reason'), 'end_turn'));
  }
  return complete(edits);
}

function chatCompletion(completion: Record<string, unknown>, raw: Buffer, state: DecoyState) {
  const choices = completion['choices'];
  if (!Array.isArray(choices)) return [];
  const edits: (Edit | undefined)[] = [];
  const choicesValue = topLevelValue(raw, 'choices');
  const spans = choicesValue && itemsOf(raw, choicesValue.start);
  choices.forEach((value: unknown, position) => {
    const choice = objectField(value);
    if (choice !== undefined) edits.push(...chatChoice(choice, raw, spans?.[position], state));
  });
  return complete(edits);
}

/** One choice's edits (its message's decoy calls, its finish reason); the span is its bytes. */
function chatChoice(
  choice: Record<string, unknown>,
  raw: Buffer,
  span: Span | undefined,
  state: DecoyState,
): (Edit | undefined)[] {
  const message = objectField(choice['message']);
  const calls = message?.['tool_calls'];
  if (message === undefined || !Array.isArray(calls)) return [];
  const dropped = dropFrom(calls, (call) => {
    const name = chatCallName(call);
    return typeof name !== 'string' || !state.names.has(name);
  });
  if (dropped.size === 0) return [];
  countAll(dropped, state);
  const choiceMembers = span && membersOf(raw, span.start);
  const messageMember = choiceMembers && memberNamed(choiceMembers, 'message');
  const members = messageMember && membersOf(raw, messageMember.value.start);
  const callsMember = members && memberNamed(members, 'tool_calls');
  if (dropped.size < calls.length) {
    message['tool_calls'] = calls.filter((_, index) => !dropped.has(index));
    return [arrayEdit(raw, callsMember, dropped)];
  }
  // No call left: the list goes, and the choice no longer waits for tool results.
  delete message['tool_calls'];
  const edits = [
    messageMember &&
      members &&
      keepOnly(raw, messageMember.value, members, (i) => members[i] !== callsMember, '{', '}'),
  ];
  if (choice['finish_reason'] === 'tool_calls') {
    choice['finish_reason'] = 'stop';
    edits.push(valueEdit(choiceMembers && memberNamed(choiceMembers, 'finish_reason'), 'stop'));
  }
  return edits;
}

function responseOutput(response: Record<string, unknown>, raw: Buffer, state: DecoyState) {
  const output = response['output'];
  if (!Array.isArray(output)) return [];
  const dropped = dropFrom(output, (item) => !isDecoyFunctionCall(item, state.names));
  if (dropped.size === 0) return [];
  countAll(dropped, state);
  response['output'] = output.filter((_, index) => !dropped.has(index));
  const members = membersOf(raw, 0);
  return complete([arrayEdit(raw, members && memberNamed(members, 'output'), dropped)]);
}

/** The edits, or undefined when any of them could not be placed in the bytes. */
function complete(edits: readonly (Edit | undefined)[]): Edit[] | undefined {
  return edits.every((edit) => edit !== undefined) ? (edits as Edit[]) : undefined;
}
