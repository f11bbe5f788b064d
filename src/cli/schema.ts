/**
 * `distillguard schema [--out FILE]`: the JSON Schema of the config file, generated from the zod
 * schema (the single definition), for editor completion and validation.
 */
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { configSchema } from '../config/schema.ts';

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'distillguard configuration' }, null, 2)}\n`;
}

export async function writeSchema(
  out: string | undefined,
  print: (text: string) => void,
): Promise<number> {
  const text = configJsonSchema();
  if (out) await writeFile(out, text);
  else print(text);
  return 0;
}
