/**
 * Reads a YAML file defensively for the config and key-file loaders: size-capped, duplicate keys
 * rejected, alias bombs refused, and every syntax error reported with its position.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { SourceLocator, type ConfigError } from './config-error.ts';

/** Config files are small; anything bigger is a mistake (or an attack on the loader). */
const MAX_YAML_BYTES = 64 * 1024 * 1024;
/** Aliases may be used for sharing, not for exponential expansion ("billion laughs"). */
const MAX_ALIAS_COUNT = 100;

export type YamlResult =
  { ok: true; value: unknown; locator: SourceLocator } | { ok: false; errors: ConfigError[] };

export async function readYamlFile(file: string): Promise<YamlResult> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_YAML_BYTES) {
      return failure(file, `file is ${bytes.length} bytes; the limit is ${MAX_YAML_BYTES}`);
    }
    text = bytes.toString('utf8');
  } catch (error) {
    return failure(file, `cannot read file: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return parseYaml(file, text);
}

export function parseYaml(file: string, text: string): YamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const locator = new SourceLocator(file, doc, lines);
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((error) => {
        const position = lines.linePos(error.pos[0]);
        return {
          file,
          line: position.line,
          column: position.col,
          path: '',
          message: error.message.split('\n')[0] ?? error.message,
        };
      }),
    };
  }
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locator };
  } catch (error) {
    return failure(file, (error as Error).message);
  }
}

function failure(file: string, message: string): YamlResult {
  return { ok: false, errors: [{ file, line: undefined, column: undefined, path: '', message }] };
}
