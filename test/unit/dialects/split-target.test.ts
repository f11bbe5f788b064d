import { describe, expect, it } from 'vitest';
import { splitTarget } from '../../../src/dialects/routes.ts';

describe('splitTarget', () => {
  it('splits origin-form targets into path and query', () => {
    expect(splitTarget('/v1/messages?beta=true')).toEqual({
      path: '/v1/messages',
      query: '?beta=true',
    });
    expect(splitTarget('/v1/models')).toEqual({ path: '/v1/models', query: '' });
  });

  it.each([
    'http://evil.example/v1/messages',
    '*',
    '',
    '/v1/files/../admin',
    '/v1/files/./x',
    '/v1/files/..',
    '/v1//messages',
    '/v1/files/%2e%2e/admin',
    '/v1/files/%2E%2E/admin',
    '/v1/files%2fadmin',
    '/v1/files%5cadmin',
    '/v1\\files',
    '/v1/files/%00',
  ])('refuses the non-canonical target %j', (target) => {
    expect(splitTarget(target)).toBeUndefined();
  });

  it('allows dots that are not path segments', () => {
    expect(splitTarget('/v1/files/report.v2..json')?.path).toBe('/v1/files/report.v2..json');
  });
});
