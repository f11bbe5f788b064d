/**
 * A problem found while loading a config or key file. Every loader reports all problems at once as
 * a list of these, each pointing at file:line:column and the path inside the document.
 */
import { isMap, isSeq, LineCounter, type Document, type Node } from 'yaml';

export interface ConfigError {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Dotted path inside the document, e.g. `listen.trusted_proxies[2]`; empty for the root. */
  readonly path: string;
  readonly message: string;
}

export type PathSegment = string | number;

/** "listen.trusted_proxies[2]" from ["listen", "trusted_proxies", 2]. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function formatConfigError(error: ConfigError): string {
  const where =
    error.line === undefined ? error.file : `${error.file}:${error.line}:${error.column ?? 1}`;
  return error.path === ''
    ? `${where}: ${error.message}`
    : `${where} ${error.path}: ${error.message}`;
}

/** Maps document paths back to source positions so schema errors can name a line. */
export class SourceLocator {
  readonly file: string;
  private readonly doc: Document | undefined;
  private readonly lines: LineCounter;

  constructor(file: string, doc: Document | undefined, lines: LineCounter) {
    this.file = file;
    this.doc = doc;
    this.lines = lines;
  }

  /**
   * The error at `path`; with `key`, points at that key inside the map at `path` (used for
   * unknown keys, whose value node is not what the operator needs to find).
   */
  error(path: readonly PathSegment[], message: string, key?: string): ConfigError {
    const offset = this.offsetOf(path, key);
    const position = offset === undefined ? undefined : this.lines.linePos(offset);
    const fullPath = key === undefined ? path : [...path, key];
    return {
      file: this.file,
      line: position?.line,
      column: position?.col,
      path: formatPath(fullPath),
      message,
    };
  }

  private offsetOf(path: readonly PathSegment[], key?: string): number | undefined {
    if (!this.doc) return undefined;
    // Walk as deep as the document goes; an error on a missing key points at its parent.
    let node: Node | null | undefined = this.doc.contents;
    let offset = node?.range?.[0];
    for (const segment of path) {
      const next = childOf(node, segment);
      if (!next) break;
      node = next;
      offset = next.range?.[0] ?? offset;
    }
    if (key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => scalarValue(item.key) === key);
      const keyNode = pair?.key as Node | undefined;
      offset = keyNode?.range?.[0] ?? offset;
    }
    return offset;
  }
}

function childOf(node: Node | null | undefined, segment: PathSegment): Node | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => scalarValue(item.key) === String(segment));
    return (pair?.value as Node | null | undefined) ?? (pair?.key as Node | undefined);
  }
  if (isSeq(node) && typeof segment === 'number') return node.items[segment] as Node | undefined;
  return undefined;
}

function scalarValue(node: unknown): string | undefined {
  if (node && typeof node === 'object' && 'value' in node) return String(node.value);
  return undefined;
}
