/**
 * The distillguard command line — the only module with process-wide side effects (signal and
 * last-resort error handlers, exit codes).
 *
 *   distillguard serve --config FILE
 *   distillguard check-config FILE
 *   distillguard keys create --account A [--org O] [--tier T] [--config FILE | --key-file FILE]
 *   distillguard keys list [--config FILE | --key-file FILE]
 *   distillguard keys import FILE [--config FILE]
 *   distillguard demo
 *   distillguard simulate [--scenario NAME] [--duration 60s] [--seed N] [--scale 1] [--rate N] …
 *   distillguard backtest --config CANDIDATE --log FILE… [--baseline CURRENT] [--json FILE|-]
 *   distillguard backtest --config CANDIDATE --log FILE… [--baseline CURRENT] [--json FILE|-]
                        [--out-dir DIR] [--top N]
  distillguard review --log FILE… [--since T] [--until T] [--account A] [--action A] … [--json]
 *   distillguard schema [--out FILE]
 *   distillguard decoy-names --account A [--at ISO] | --find NAME [--since 90d] [--config FILE]
 */
import { parseArgs } from 'node:util';
import { parseDuration } from './config/units.ts';
import { createLogger } from './util/logger.ts';

const USAGE = `usage:
  distillguard serve --config FILE
  distillguard check-config FILE
  distillguard keys create --account A [--org O] [--tier T] [--expires 90d|ISO] [--verified]
                           [--label L]… [--programme P] [--declared-use U] [--account-created-at ISO]
  distillguard keys revoke KEY_ID [--reason R]
  distillguard keys list [--account A] [--json]
  distillguard keys import FILE        (copies a key file into Redis: store.redis.keys: redis)
      (keys commands take --config FILE or --key-file FILE; default config/distillguard.yaml;
       with store.redis.keys: redis they read and write the keys in Redis)
  distillguard demo
  distillguard simulate [--scenario default|demo|waves|holdout|redteam|redteam2|redteam3|redteam4|redteam5|redteam6|redteam7|redteam8] [--duration 60s] [--seed N] [--scale 1]
                        [--rate N] [--report] [--json FILE] [--config FILE] [--log FILE]
  distillguard backtest --config CANDIDATE --log FILE… [--baseline CURRENT] [--json FILE|-]
                        [--out-dir DIR] [--top N] [--threads N]
  distillguard review --log FILE… [--since T] [--until T] [--account A] [--cluster ID]
                      [--action A] [--rule R] [--top N] [--bucket 1h] [--limit N] [--threads N]
                      [--json]
  distillguard schema [--out FILE]
  distillguard decoy-names --account A [--at ISO] [--config FILE]
  distillguard decoy-names --find NAME [--since 90d] [--account A] [--config FILE]`;

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const err = (line: string): void => void process.stderr.write(`${line}\n`);

// A report piped into `head` closes stdout early: that ends the command quietly, not with a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
});

// Defence in depth: the code is written so neither fires; if one does, log it and keep serving.
const processLogger = createLogger();
process.on('unhandledRejection', (reason) => {
  processLogger.log('error', 'unhandled rejection', {
    error: reason instanceof Error ? reason.name : typeof reason,
    stack: reason instanceof Error ? reason.stack?.split('\n').slice(1, 6).join('\n') : undefined,
  });
});
process.on('uncaughtException', (error) => {
  processLogger.log('error', 'uncaught exception', {
    error: error.name,
    stack: error.stack?.split('\n').slice(1, 6).join('\n'),
  });
});

async function main(argv: string[]): Promise<number> {
  // simulate, review and backtest have their own options (simulate's --json takes a file).
  if (argv[0] === 'simulate') {
    const { simulate } = await import('./cli/simulate.ts');
    return simulate(argv.slice(1), out, err);
  }
  if (argv[0] === 'review') {
    const { review } = await import('./cli/review.ts');
    return review(argv.slice(1), out, err);
  }
  if (argv[0] === 'backtest') {
    const { backtest } = await import('./cli/backtest.ts');
    return backtest(argv.slice(1), out, err);
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      config: { type: 'string', short: 'c' },
      'key-file': { type: 'string' },
      account: { type: 'string' },
      org: { type: 'string' },
      tier: { type: 'string' },
      out: { type: 'string' },
      expires: { type: 'string' },
      verified: { type: 'boolean' },
      label: { type: 'string', multiple: true },
      programme: { type: 'string' },
      'declared-use': { type: 'string' },
      'account-created-at': { type: 'string' },
      reason: { type: 'string' },
      json: { type: 'boolean' },
      at: { type: 'string' },
      find: { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || command === undefined) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const keyOptions = {
    keyFile: values['key-file'],
    config: values.config,
    account: values.account,
    org: values.org,
    tier: values.tier,
    expires: values.expires,
    verified: values.verified,
    labels: values.label,
    programme: values.programme,
    declaredUse: values['declared-use'],
    accountCreatedAt: values['account-created-at'],
    reason: values.reason,
    json: values.json,
  };
  // Each command's modules load with it: `serve` never carries the CLI's (ioredis for the keys
  // commands, the simulator for demo) in its resident memory.
  switch (command) {
    case 'serve': {
      const { serve } = await import('./cli/serve.ts');
      return serve(values.config ?? 'config/distillguard.yaml');
    }
    case 'check-config': {
      const file = sub ?? values.config;
      if (!file) break;
      const { checkConfig } = await import('./cli/check-config.ts');
      return checkConfig(file, out);
    }
    case 'keys': {
      const keys = await import('./cli/keys.ts');
      if (sub === 'create') return keys.createKey(keyOptions, out, err);
      if (sub === 'revoke') return keys.revokeKey(positionals[2], keyOptions, out, err);
      if (sub === 'list') return keys.listKeys(keyOptions, out, err);
      if (sub === 'import') return keys.importKeys(positionals[2], keyOptions, out, err);
      break;
    }
    case 'demo': {
      const { runDemo } = await import('./cli/demo.ts');
      // DISTILLGUARD_DEMO_SIMULATION=5s shortens the closing simulation (0s skips it).
      const simulation = process.env['DISTILLGUARD_DEMO_SIMULATION'];
      const simulationMs = simulation ? parseDuration(simulation) : undefined;
      return runDemo(out, simulationMs === undefined ? {} : { simulationMs });
    }
    case 'decoy-names': {
      const { decoyNames } = await import('./cli/decoy-names.ts');
      return decoyNames(
        {
          config: values.config,
          account: values.account,
          at: values.at,
          find: values.find,
          since: values.since,
        },
        process.env,
        out,
        err,
      );
    }
    case 'schema': {
      const { writeSchema } = await import('./cli/schema.ts');
      return writeSchema(values.out, (text) => process.stdout.write(text));
    }
  }
  err(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // serve resolves only after shutdown; other commands may leave handles (timers) behind.
    if (code !== 0 || process.argv[2] !== 'serve') setImmediate(() => process.exit(code));
    else process.exit(code);
  },
  (error: unknown) => {
    err(`distillguard: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
