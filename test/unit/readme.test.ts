/**
 * Keeps the README true: every config key, every error code, every decision-record field and every
 * factor name the detector can log must be documented there, the pipeline diagram must name the
 * stages in the order the code runs, and the metric table must be exactly the declared vocabulary
 * (and every stage's span named).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/cli/schema.ts';
import { DEFAULT_WEIGHTS } from '../../src/detection/detection-schema.ts';
import { END_USER_PREFIX } from '../../src/detection/end-user-scope.ts';
import { FACTOR_NAMES } from '../../src/detection/factor-names.ts';
import { ERRORS } from '../../src/pipeline/error-codes.ts';
import { parserRejectRecord } from '../../src/pipeline/parser-reject.ts';
import { METRICS, STAGES } from '../../src/telemetry/metrics.ts';

const ROOT = join(import.meta.dirname, '../..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The Detection section's table of families, their default weights and their factor names. */
const factorTable = readme.split('| family (default weight)')[1]?.split('\n\n')[0] ?? '';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function leafKeys(node: SchemaNode, path: string): string[] {
  if (node.type === 'object' && node.properties) {
    return Object.entries(node.properties).flatMap(([key, child]) =>
      leafKeys(child, path ? `${path}.${key}` : key),
    );
  }
  if (node.type === 'array' && node.items?.type === 'object')
    return leafKeys(node.items, `${path}[]`);
  return [path];
}

describe('README', () => {
  it('documents every config key', () => {
    const keys = leafKeys(JSON.parse(configJsonSchema()) as SchemaNode, '');
    expect(keys.length).toBeGreaterThan(40);
    // `prefix.*` documents every key under prefix (used where one block mirrors another).
    const wildcards = [...readme.matchAll(/`([a-z_.[\]]+)\.\*`/g)].map((m) => `${m[1] ?? ''}.`);
    const missing = keys.filter(
      (key) =>
        !readme.includes(`\`${key}\``) && !wildcards.some((prefix) => key.startsWith(prefix)),
    );
    expect(missing).toEqual([]);
  });

  it('documents every error code', () => {
    const missing = Object.keys(ERRORS).filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });

  it('documents every decision-record field', () => {
    const record = parserRejectRecord(
      'r',
      0,
      '127.0.0.1',
      { client_ip_prefix_v4: 24, client_ip_prefix_v6: 48 },
      'DG_ERR_BAD_FRAMING',
      'x',
    );
    const fields = [...Object.keys(record), ...Object.keys(record.latency_ms)];
    const missing = fields.filter((field) => !readme.includes(`\`${field}\``));
    expect(missing).toEqual([]);
  });

  it('names every factor the detector can log, in the Detection table of factor names', () => {
    const rows = factorTable.split('\n');
    const quoted = (name: string): boolean => factorTable.includes(`\`${name}\``);
    // A row's pattern stands for the names it lists beside it: `cluster.risk.<link>` with its links
    // (`skeleton`, …), `end_user.<factor>` for any factor above, `end_user.request.harvest` /
    // `.elicitation` for its siblings.
    const listed = (pattern: string, part: string): boolean =>
      rows.some((row) => row.includes(`\`${pattern}\``) && row.includes(`\`${part}\``));
    const documented = (name: string): boolean => {
      if (quoted(name)) return true;
      const link = /^cluster\.risk\.(.+)$/.exec(name)?.[1];
      if (link !== undefined) return listed('cluster.risk.<link>', link);
      if (!name.startsWith(END_USER_PREFIX)) return false;
      const own = name.slice(END_USER_PREFIX.length);
      // `end_user.cluster.risk.<link>`: the links of `cluster.risk.<link>`'s row.
      if (own.startsWith('cluster.risk.'))
        return quoted('end_user.cluster.risk.<link>') && documented(own);
      const family = /^request\.(.+)$/.exec(own)?.[1];
      if (family !== undefined) return listed('end_user.request.harvest', `.${family}`);
      return quoted('end_user.<factor>') && documented(own);
    };
    expect(FACTOR_NAMES.size).toBeGreaterThan(40);
    expect([...FACTOR_NAMES].filter((name) => !documented(name))).toEqual([]);
    // The patterns are read, not assumed: a name outside the vocabulary is not documented.
    expect(documented('cluster.risk.carrier_pigeon')).toBe(false);
    expect(documented('end_user.volume.imaginary_rate')).toBe(false);
    expect(documented('end_user.request.telepathy')).toBe(false);
  });

  it("gives each family's default weight as the detector has it", () => {
    const documented: Record<string, number> = Object.fromEntries(
      [...factorTable.matchAll(/^\| `([a-z]+)` \(([0-9.]+)\)/gm)].map((m) => [
        m[1] ?? '',
        Number(m[2]),
      ]),
    );
    expect(documented).toEqual({ ...DEFAULT_WEIGHTS });
  });

  it('draws the pipeline in the order handle-request.ts runs it', () => {
    const diagram = readme.split('## The request path')[1]?.split('```')[1] ?? '';
    // The stage names telemetry reports (spans, dg.stage.duration) are the pipeline's.
    const stages = [...STAGES];
    const firstLine = diagram.split('\n').find((line) => line.includes('authenticate')) ?? '';
    const drawn = stages.map((stage) => firstLine.search(new RegExp(`(^| )${stage}( |$)`)));
    expect(drawn.every((position) => position >= 0)).toBe(true);
    expect([...drawn].sort((a, b) => a - b)).toEqual(drawn);
    // The source names each stage in a comment, in the same order.
    const source = readFileSync(join(ROOT, 'src/pipeline/handle-request.ts'), 'utf8');
    const body = source.slice(source.indexOf('export async function handleRequest'));
    const coded = stages.map((stage) =>
      body.search(new RegExp(`// (\\d\\. )?${stage}\\b|\\d\\. ${stage}\\b`)),
    );
    expect(
      coded.every((position) => position >= 0),
      JSON.stringify(coded),
    ).toBe(true);
    expect([...coded].sort((a, b) => a - b)).toEqual(coded);
  });

  it('lists exactly the declared metrics, with kind, unit and attributes', () => {
    const section = readme.split('### Metric vocabulary')[1]?.split('\n### ')[0] ?? '';
    const cells = (line: string) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim());
    const documented = section
      .split('\n')
      .filter((line) => line.startsWith('| `dg.'))
      .map((line) => {
        const [name, prometheus, kind, unit, attributes] = cells(line);
        const code = (text = '') => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        return {
          name: code(name)[0],
          prometheus: code(prometheus)[0],
          kind,
          unit: code(unit)[0],
          attributes: code(attributes),
        };
      });
    const declared = Object.values(METRICS).map((spec) => ({
      name: spec.name,
      prometheus: `${spec.name.replaceAll('.', '_')}${spec.kind === 'counter' ? '_total' : ''}`,
      kind: spec.kind,
      unit: spec.unit,
      attributes: [...spec.attributes],
    }));
    expect(documented).toEqual(declared);
  });

  it('names the span of every pipeline stage', () => {
    const section = readme.split('### Spans')[1]?.split('\n## ')[0] ?? '';
    expect(section).toContain('`dg.request`');
    for (const stage of STAGES) expect(section).toContain(`\`dg.stage.${stage}\``);
  });
});
