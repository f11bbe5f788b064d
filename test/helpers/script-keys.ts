/**
 * Watches what the Lua scripts do on real Redis servers (MONITOR), and reports every key a script
 * touched that its call did not declare in KEYS — what breaks Redis Cluster (a key the client
 * cannot route) and script caching. MONITOR logs each EVAL/EVALSHA, then the commands the script
 * runs (source `lua`), with nothing in between: a script runs alone. Which arguments of a command
 * are keys, the server itself says (COMMAND GETKEYS).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Cluster, type Redis } from 'ioredis';
import type { RedisConnection } from '../../src/redis/redis-connection.ts';

interface ScriptCall {
  /** The keys the call declared. */
  readonly declared: readonly string[];
  /** The commands the script ran. */
  readonly commands: string[][];
}

export interface ScriptKeysWatch {
  /** Stops watching; every `<command> <key>` a script touched without declaring it. */
  stop(): Promise<string[]>;
}

/** Watches every master of the connection's deployment, for the scripts touching `prefix` keys. */
export async function watchScriptKeys(connection: RedisConnection): Promise<ScriptKeysWatch> {
  const client = connection.client;
  const servers =
    client instanceof Cluster
      ? client
          .nodes('master')
          .map((node) => ({ host: node.options.host ?? '127.0.0.1', port: node.options.port }))
      : [{ host: client.options.host ?? '127.0.0.1', port: client.options.port }];
  const calls: ScriptCall[] = [];
  // redis-cli, not ioredis's monitor(): that one trips on lines logged while it switches modes.
  const monitors = await Promise.all(
    servers.map(async ({ host, port }) => {
      const monitor = spawn('redis-cli', ['-h', host, '-p', String(port), 'monitor']);
      let current: ScriptCall | undefined;
      const lines = createInterface({ input: monitor.stdout });
      const ready = new Promise((resolve) => lines.once('line', resolve));
      lines.on('line', (line) => {
        const logged = parseMonitorLine(line);
        if (logged === undefined) return;
        const name = (logged.args[0] ?? '').toLowerCase();
        if (logged.source === 'lua') {
          current?.commands.push(logged.args);
        } else if (name === 'evalsha' || name === 'eval') {
          const declared = logged.args.slice(3, 3 + Number(logged.args[2]));
          current = { declared, commands: [] };
          if (declared.some((key) => key.startsWith(connection.keyspace.prefix)))
            calls.push(current);
        } else current = undefined;
      });
      await ready; // "OK": monitoring
      return monitor;
    }),
  );
  const asker = client instanceof Cluster ? client.nodes('master')[0] : client;
  return {
    async stop() {
      // Let the last logged commands arrive before closing.
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (const monitor of monitors) monitor.kill();
      const undeclared: string[] = [];
      for (const call of calls) {
        for (const command of call.commands) {
          const keys = await keysOf(asker as Redis, command);
          for (const key of keys)
            if (!call.declared.includes(key)) undeclared.push(`${command[0]} ${key}`);
        }
      }
      return undeclared;
    },
  };
}

async function keysOf(client: Redis, command: string[]): Promise<string[]> {
  try {
    return (await client.call('COMMAND', 'GETKEYS', ...command)) as string[];
  } catch {
    return []; // a command without keys (TIME, PUBLISH)
  }
}

/** `<time> [<db> <source>] "arg" "arg" …` (redis-cli's quoting: \\, \", \n, \xNN …). */
function parseMonitorLine(line: string): { source: string; args: string[] } | undefined {
  const match = /^\d+\.\d+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
  if (match === null) return undefined;
  const args: string[] = [];
  const quoted = /"((?:[^"\\]|\\.)*)"/g;
  for (const [, arg] of (match[2] ?? '').matchAll(quoted)) args.push(unquote(arg ?? ''));
  return { source: match[1] ?? '', args };
}

function unquote(text: string): string {
  return text.replace(/\\(x[0-9a-f]{2}|.)/g, (_, code: string) => {
    if (code.startsWith('x') && code.length === 3)
      return String.fromCharCode(parseInt(code.slice(1), 16));
    return (
      ({ n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' } as Record<string, string>)[code] ?? code
    );
  });
}
