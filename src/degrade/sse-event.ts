/**
 * Server-sent event framing for response transforms that rewrite a stream event by event: split
 * text into events (per the WHATWG event-stream rules — a blank line ends an event; lines end in
 * LF, CRLF or CR), read an event's `event:` name and `data:`, and write a rewritten one. The
 * forward stage hands transforms text that ends on an event boundary (see SseAligner), except a
 * stream's last bytes when the upstream ended mid-event.
 */

/** Two line ends in a row (a CR directly before an LF is one line end, not two). */
const BLANK_LINE = /(?:\r\n|\r(?!\n)|\n)(?:\r\n|\r(?!\n)|\n)/g;

/**
 * `text` with each event (its blank line included; a trailing partial one as it is) replaced by
 * `fn`'s answer; `text` itself when every answer was the event unchanged.
 */
export function mapEvents(text: string, fn: (raw: string) => string): string {
  const parts: string[] = [];
  let changed = false;
  let start = 0;
  const withCr = text.includes('\r');
  while (start < text.length) {
    let end: number;
    if (withCr) {
      BLANK_LINE.lastIndex = start;
      const found = BLANK_LINE.exec(text);
      end = found === null ? text.length : found.index + found[0].length;
    } else {
      const found = text.indexOf('\n\n', start);
      end = found === -1 ? text.length : found + 2;
    }
    const raw = text.slice(start, end);
    const replaced = fn(raw);
    if (replaced !== raw) changed = true;
    parts.push(replaced);
    start = end;
  }
  return changed ? parts.join('') : text;
}

export interface SseEvent {
  readonly event: string | undefined;
  readonly data: string;
}

/** The `event:` name and the joined `data:` lines of one event; undefined when it has no data. */
export function readEvent(raw: string): SseEvent | undefined {
  // The APIs' own shape first: at most an `event:` line and one `data: ` line, LF line ends.
  let event: string | undefined;
  let rest = raw;
  if (rest.startsWith('event: ')) {
    const eol = rest.indexOf('\n');
    if (eol !== -1 && !rest.slice(0, eol).includes('\r')) {
      event = rest.slice(7, eol);
      rest = rest.slice(eol + 1);
    }
  }
  if (rest.startsWith('data: ') && rest.indexOf('\n') === rest.length - 2 && rest.endsWith('\n\n'))
    return { event, data: rest.slice(6, -2) };
  return readFields(raw);
}

function readFields(raw: string): SseEvent | undefined {
  let event: string | undefined;
  let data: string | undefined;
  for (const line of raw.split(/\r\n|\r|\n/)) {
    const colon = line.indexOf(':');
    if (colon === 0 || line === '') continue; // a comment, or the blank line
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
  }
  return data === undefined ? undefined : { event, data };
}

/** One event as the APIs write it: an optional `event:` line, one `data:` line, a blank line. */
export function writeEvent(event: string | undefined, data: unknown): string {
  const name = event === undefined ? '' : `event: ${event}\n`;
  return `${name}data: ${JSON.stringify(data)}\n\n`;
}
