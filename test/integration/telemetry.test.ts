/**
 * OpenTelemetry end to end: metrics and stage spans pushed over OTLP/HTTP to a real local receiver
 * (port 0), the Prometheus text exposition on the admin listener parsed and checked against the
 * declared vocabulary, failed exports counted, and no secret or prompt text in anything exported.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRICS } from '../../src/telemetry/metrics.ts';
import { adminClient } from '../helpers/admin-client.ts';
import { canary, startHarness, type Harness } from '../helpers/harness.ts';
import { chat } from '../helpers/traffic.ts';

const run = promisify(execFile);

/** The parts of OTLP/HTTP JSON these tests read. */
interface KeyValue {
  readonly key: string;
  readonly value: { readonly stringValue?: string; readonly intValue?: number | string };
}
interface OtlpSpan {
  readonly name: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly attributes: readonly KeyValue[];
}
interface OtlpExport {
  readonly resourceMetrics?: readonly {
    readonly resource: { readonly attributes: readonly KeyValue[] };
    readonly scopeMetrics: readonly { readonly metrics: readonly { readonly name: string }[] }[];
  }[];
  readonly resourceSpans?: readonly {
    readonly scopeSpans: readonly { readonly spans: readonly OtlpSpan[] }[];
  }[];
}

interface Receiver {
  readonly url: string;
  readonly bodies: { path: string; json: OtlpExport }[];
  close(): Promise<void>;
}

/** An OTLP/HTTP JSON receiver answering `status` to every export. */
async function startReceiver(status = 200): Promise<Receiver> {
  const bodies: Receiver['bodies'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (status === 200)
        bodies.push({ path: req.url ?? '', json: JSON.parse(text) as OtlpExport });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Prometheus text format 0.0.4: family name → samples (name with suffix, labels, value). */
function parseExposition(text: string) {
  const families = new Map<
    string,
    { type: string; samples: { name: string; labels: Record<string, string>; value: number }[] }
  >();
  let current = '';
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      current = type[1]!;
      families.set(current, { type: type[2]!, samples: [] });
      continue;
    }
    if (line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    expect(sample, line).not.toBeNull();
    const labels: Record<string, string> = {};
    for (const pair of (sample![2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g))
      labels[pair[1]!] = pair[2]!;
    expect(sample![1]!.startsWith(current), line).toBe(true);
    families.get(current)!.samples.push({ name: sample![1]!, labels, value: Number(sample![3]) });
  }
  return families;
}

/** The Prometheus family name of each declared metric. */
const PROMETHEUS_NAMES = new Map(
  Object.values(METRICS).map((spec) => {
    const base = spec.name.replaceAll('.', '_');
    return [spec.kind === 'counter' ? `${base}_total` : base, spec] as const;
  }),
);

describe('telemetry', () => {
  let receiver: Receiver;
  let h: Harness;
  const prompt = canary();

  beforeAll(async () => {
    receiver = await startReceiver();
    h = await startHarness({
      config: {
        telemetry: {
          enabled: true,
          traces: { enabled: true, sample_ratio: 1 },
          otlp: { endpoint: receiver.url, interval: '100ms', timeout: '2s' },
        },
      },
    });
    for (let i = 0; i < 3; i++) expect(await chat(h, h.keys.alice, `${prompt} ${i}`)).toBe(200);
    expect(await chat(h, 'dg_not_a_key', 'x')).toBe(401);
  });

  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  it('pushes metrics of the closed vocabulary over OTLP/HTTP', async () => {
    await vi.waitFor(
      () => {
        const names = receiver.bodies
          .flatMap((body) => body.json.resourceMetrics ?? [])
          .flatMap((resource) => resource.scopeMetrics)
          .flatMap((scope) => scope.metrics.map((metric) => metric.name));
        expect(names).toContain('dg.requests');
        expect(names).toContain('dg.stage.duration');
        const declared = new Set<string>(Object.values(METRICS).map((spec) => spec.name));
        for (const name of names) expect(declared.has(name), name).toBe(true);
      },
      { timeout: 10_000, interval: 50 },
    );
    const resource = receiver.bodies.find((body) => body.json.resourceMetrics)?.json
      .resourceMetrics?.[0]?.resource;
    expect(resource?.attributes).toContainEqual({
      key: 'service.name',
      value: { stringValue: 'distillguard' },
    });
  });

  it('exports a dg.request span with one child per stage it went through', async () => {
    await h.records();
    await vi.waitFor(
      () => {
        const spans = receiver.bodies
          .flatMap((body) => body.json.resourceSpans ?? [])
          .flatMap((resource) => resource.scopeSpans)
          .flatMap((scope) => scope.spans);
        const roots = spans.filter((span) => span.name === 'dg.request');
        expect(roots).toHaveLength(4);
        const withStatus = (status: number) =>
          roots.find((root) =>
            root.attributes.some(
              (a) => a.key === 'http.response.status_code' && Number(a.value.intValue) === status,
            ),
          );
        const childrenOf = (root: OtlpSpan | undefined) =>
          spans.filter((span) => span.parentSpanId === root?.spanId).map((span) => span.name);
        expect(childrenOf(withStatus(200))).toEqual([
          'dg.stage.route',
          'dg.stage.inspect',
          'dg.stage.admit',
          'dg.stage.authenticate',
          'dg.stage.account',
          'dg.stage.signals',
          'dg.stage.score',
          'dg.stage.policy',
          'dg.stage.act',
          'dg.stage.forward',
          'dg.stage.record',
        ]);
        // It ended in authenticate: no later stage, no forward.
        expect(childrenOf(withStatus(401))).toEqual([
          'dg.stage.route',
          'dg.stage.inspect',
          'dg.stage.admit',
          'dg.stage.authenticate',
          'dg.stage.record',
        ]);
      },
      { timeout: 10_000, interval: 50 },
    );
    const exported = JSON.stringify(receiver.bodies);
    expect(exported).not.toContain(prompt);
    for (const key of Object.values(h.keys)) expect(exported).not.toContain(key);
  });

  it('serves the Prometheus text exposition on the admin listener', async () => {
    const admin = adminClient(h);
    const answer = await admin('/metrics');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parseExposition(answer.text);
    for (const name of families.keys()) expect(PROMETHEUS_NAMES.has(name), name).toBe(true);
    const requests = families.get('dg_requests_total')!;
    expect(requests.type).toBe('counter');
    const allowed = requests.samples.find(
      (s) => s.labels.action === 'allow' && s.labels.status_class === '2xx',
    );
    expect(allowed?.value).toBe((await h.records()).filter((r) => r.status === 200).length);
    const stages = families.get('dg_stage_duration')!;
    expect(stages.type).toBe('histogram');
    const stageNames = new Set(stages.samples.map((s) => s.labels.stage));
    expect(stageNames).toContain('forward');
    expect((await admin('/metrics', { anonymous: true })).status).toBe(401);
  });
});

describe('telemetry export failures', () => {
  it('counts a failed export and keeps serving', async () => {
    const receiver = await startReceiver(400);
    const h = await startHarness({
      config: { telemetry: { enabled: true, otlp: { endpoint: receiver.url, interval: '100ms' } } },
    });
    try {
      expect(await chat(h, h.keys.alice, 'hello')).toBe(200);
      const admin = adminClient(h);
      await vi.waitFor(
        async () => {
          const families = parseExposition((await admin('/metrics')).text);
          const failures = families.get('dg_failures_total')?.samples ?? [];
          expect(failures.find((s) => s.labels.kind === 'telemetry_export')?.value).toBeGreaterThan(
            0,
          );
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(await chat(h, h.keys.alice, 'still served')).toBe(200);
    } finally {
      await h.close();
      await receiver.close();
    }
  });

  it('never loads the SDK when telemetry is disabled', async () => {
    const sdkModules = async (mode: string): Promise<string[]> => {
      const script = join(import.meta.dirname, '../helpers/list-loaded-modules.ts');
      const { stdout } = await run(process.execPath, [script, mode]);
      return (JSON.parse(stdout) as string[]).filter(
        (url) => url.includes('/@opentelemetry/') && !url.includes('/@opentelemetry/api/'),
      );
    };
    expect(await sdkModules('disabled')).toEqual([]);
    // The same probe sees the SDK when it is enabled: the check can fail.
    expect((await sdkModules('enabled')).length).toBeGreaterThan(0);
  });

  it('serves no /metrics when telemetry is disabled', async () => {
    const h = await startHarness();
    try {
      expect((await adminClient(h)('/metrics')).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});
