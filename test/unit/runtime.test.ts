import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on the Node 24 LTS the project brings (the node devDependency), not the system Node', () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(24);
  });
});
