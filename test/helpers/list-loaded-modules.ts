/**
 * Child process (telemetry.test.ts): records every module resolved while a harness app starts,
 * serves one request and stops, then prints the resolved URLs as JSON lines on stdout. Telemetry
 * is enabled when argv[2] is "enabled".
 */
import { registerHooks } from 'node:module';

const resolved = new Set<string>();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.add(result.url);
    return result;
  },
});

const { startHarness } = await import('./harness.ts');
const { chat } = await import('./traffic.ts');
const enabled = process.argv[2] === 'enabled';
const h = await startHarness({ config: { telemetry: { enabled } } });
await chat(h, h.keys.alice, 'hello');
await h.close();
process.stdout.write(`${JSON.stringify([...resolved])}\n`);
