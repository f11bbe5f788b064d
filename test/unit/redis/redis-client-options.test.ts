import { describe, expect, it } from 'vitest';
import { deploymentOf } from '../../../src/redis/redis-client-options.ts';
import { redisSchema } from '../../../src/redis/store-schema.ts';

const settings = (section: Record<string, unknown>, secrets: { password?: string } = {}) => ({
  ...redisSchema.parse(section),
  password: secrets.password,
  sentinelPassword: undefined,
});

describe('deploymentOf', () => {
  it('bounds every command (backstop: command_timeout + 1 s; run() bounds store commands) and keeps no offline queue', () => {
    const single = deploymentOf(settings({ url: 'redis://10.0.0.5:6380/2' }, { password: 'pw' }));
    expect(single).toMatchObject({
      mode: 'single',
      options: {
        host: '10.0.0.5',
        port: 6380,
        db: 2,
        password: 'pw',
        commandTimeout: 1050,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        autoResendUnfulfilledCommands: false,
      },
    });
    expect(deploymentOf(settings({ url: 'rediss://[::1]:6379' })).options).toMatchObject({
      host: '::1',
      tls: {},
    });
  });

  it('maps Sentinel and Cluster', () => {
    const sentinel = deploymentOf(
      settings({ sentinel: { name: 'main', nodes: ['s1:26379', '[fe80::1]:26380'] } }),
    );
    expect(sentinel).toMatchObject({
      mode: 'sentinel',
      options: {
        name: 'main',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 'fe80::1', port: 26380 },
        ],
        commandTimeout: 1050,
      },
    });
    const cluster = deploymentOf(
      settings({ cluster: { nodes: ['n1:7000', 'n2:7001'] }, command_timeout: '20ms' }),
    );
    expect(cluster).toMatchObject({
      mode: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
      ],
      options: { enableOfflineQueue: false, redisOptions: { commandTimeout: 1020 } },
    });
  });
});
