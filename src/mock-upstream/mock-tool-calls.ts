/**
 * Tool calls in the mock's answers (tests choose which tools the mock model calls): the JSON and
 * SSE shapes of a call in each API — Anthropic `tool_use` blocks (input streamed as
 * `input_json_delta` fragments), OpenAI Chat `tool_calls` (the name in the first delta, then
 * argument fragments), Responses `function_call` items (added, argument deltas, done). Each call's
 * input is a small fixed object, streamed in two fragments.
 */

export interface MockToolCall {
  readonly id: string;
  readonly name: string;
  /** The call's input as JSON text. */
  readonly arguments: string;
}

export function mockToolCalls(answerId: string, names: readonly string[]): MockToolCall[] {
  return names.map((name, i) => ({
    id: `call_${answerId}_${i}`,
    name,
    arguments: JSON.stringify({ id: `${i + 1}`, detail: 'full' }),
  }));
}

/** The two fragments a call's input is streamed in. */
function fragments(call: MockToolCall): [string, string] {
  const half = Math.floor(call.arguments.length / 2);
  return [call.arguments.slice(0, half), call.arguments.slice(half)];
}

export function anthropicToolBlocks(calls: readonly MockToolCall[]): object[] {
  return calls.map((call) => ({
    type: 'tool_use',
    id: call.id,
    name: call.name,
    input: JSON.parse(call.arguments) as unknown,
  }));
}

/** The content-block events of each call, from block `first` on. */
export function anthropicToolEvents(
  calls: readonly MockToolCall[],
  first: number,
  emit: (event: string, data: object) => void,
): void {
  calls.forEach((call, i) => {
    const index = first + i;
    emit('content_block_start', {
      index,
      content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
    });
    for (const partial of fragments(call))
      emit('content_block_delta', {
        index,
        delta: { type: 'input_json_delta', partial_json: partial },
      });
    emit('content_block_stop', { index });
  });
}

export function chatToolCalls(calls: readonly MockToolCall[]): object[] {
  return calls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
}

/** Each call's deltas: id, type and name first, then the argument fragments. */
export function chatToolDeltas(calls: readonly MockToolCall[]): object[] {
  return calls.flatMap((call, index) => {
    const [head, tail] = fragments(call);
    return [
      {
        tool_calls: [
          { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } },
        ],
      },
      { tool_calls: [{ index, function: { arguments: head } }] },
      { tool_calls: [{ index, function: { arguments: tail } }] },
    ];
  });
}

export function responsesToolItem(call: MockToolCall, status: string): object {
  return {
    id: `fc_${call.id}`,
    type: 'function_call',
    status,
    call_id: call.id,
    name: call.name,
    arguments: status === 'completed' ? call.arguments : '',
  };
}

/** Each call's output-item events, from output index `first` on. */
export function responsesToolEvents(
  calls: readonly MockToolCall[],
  first: number,
  emit: (type: string, data: object) => void,
): void {
  calls.forEach((call, i) => {
    const output_index = first + i;
    const item_id = `fc_${call.id}`;
    emit('response.output_item.added', {
      output_index,
      item: responsesToolItem(call, 'in_progress'),
    });
    for (const delta of fragments(call))
      emit('response.function_call_arguments.delta', { item_id, output_index, delta });
    emit('response.function_call_arguments.done', {
      item_id,
      output_index,
      name: call.name,
      arguments: call.arguments,
    });
    emit('response.output_item.done', { output_index, item: responsesToolItem(call, 'completed') });
  });
}
