/**
 * Account windows are carved from shared buffers (window-slab.ts) and given back when their
 * account is evicted: a window taken again starts empty, windows never overlap, and an account
 * tracked anew after others were evicted counts only its own requests.
 */
import { describe, expect, it } from 'vitest';
import type { TierBaseline } from '../../../src/account/accounts-schema.ts';
import { detectionSchema } from '../../../src/detection/detection-schema.ts';
import { compileDetection } from '../../../src/detection/detection-settings.ts';
import { Detector } from '../../../src/detection/engine.ts';
import { WindowSlab } from '../../../src/detection/window-slab.ts';
import { ACCOUNT_SIZE, newWindow } from '../../../src/detection/window-state.ts';
import { anthropic } from '../../../src/dialects/anthropic.ts';
import { INFERENCE_ROUTES, type Route } from '../../../src/dialects/routes.ts';
import { readRequestFacts } from '../../../src/signals/request-facts.ts';
import { testAccount } from '../../helpers/request-fixtures.ts';

const T0 = Date.parse('2027-03-01T00:00:00Z');
const MESSAGES = INFERENCE_ROUTES.get('/v1/messages') as Route;
const BASELINES: Readonly<Record<string, TierBaseline>> = {};

describe('WindowSlab', () => {
  it('carves disjoint account windows (ACCOUNT_SIZE), each as newWindow makes one', () => {
    const slab = new WindowSlab(4);
    const windows = Array.from({ length: 10 }, (_, k) => slab.take(T0 + k));
    expect(slab.size).toBe(10);
    for (const [k, window] of windows.entries()) {
      expect(window.length).toBe(ACCOUNT_SIZE);
      expect([...window]).toEqual([...newWindow(T0 + k, ACCOUNT_SIZE)]);
      window.fill(k + 1); // every double of it, to see any overlap below
    }
    for (const [k, window] of windows.entries()) expect(new Set(window)).toEqual(new Set([k + 1]));
  });

  it('takes a window given back before carving another, emptied', () => {
    const slab = new WindowSlab(4);
    const first = slab.take(T0);
    const second = slab.take(T0);
    first.fill(7);
    slab.release(first);
    expect(slab.spare).toBe(1);
    const again = slab.take(T0 + 5);
    expect(again).toBe(first);
    expect([...again]).toEqual([...newWindow(T0 + 5, ACCOUNT_SIZE)]);
    expect(slab.spare).toBe(0);
    expect(slab.size).toBe(2);
    expect(second).not.toBe(first);
  });
});

describe('Detector with more accounts than it tracks', () => {
  it('gives an evicted account’s window to a new account, which counts only its own requests', () => {
    const settings = compileDetection(detectionSchema.parse({ window: '60s', max_accounts: 100 }));
    const detector = new Detector(settings, BASELINES);
    const body = {
      model: 'm',
      max_tokens: 512,
      messages: [{ role: 'user', content: 'What is a good name for a pet goldfish?' }],
    };
    const facts = readRequestFacts(
      anthropic,
      MESSAGES,
      body,
      JSON.stringify(body).length,
      { rawHeaders: ['User-Agent', 'client/1.0'], ipPrefix: '198.51.100.0/24' },
      settings,
    );
    // With handles, as a key table gives them: the state is found through the hints too.
    const account = (i: number) => testAccount({ id: `a-${i}`, keyId: `key_${i}`, handle: i });
    let now = T0;
    // 100 accounts × 4 requests fill the tracker; 60 newcomers × 1 evict the 60 oldest.
    for (let round = 0; round < 4; round++)
      for (let i = 0; i < 100; i++) detector.observe(account(i), facts, (now += 1));
    for (let i = 100; i < 160; i++) detector.observe(account(i), facts, (now += 1));
    for (let i = 0; i < 60; i++) expect(detector.accountView(`a-${i}`, now)).toBeUndefined();
    for (let i = 60; i < 100; i++)
      expect(detector.accountView(`a-${i}`, now)?.requests).toBeCloseTo(4, 1);
    for (let i = 100; i < 160; i++)
      expect(detector.accountView(`a-${i}`, now)?.requests).toBeCloseTo(1, 1);
    // The newcomers took the evicted accounts' windows: no more were carved than were tracked at
    // once (the 101st is taken before the oldest is evicted).
    expect(detector.stats(now).accountWindows).toBe(101);

    // An evicted account that comes back starts over too, in a window another one gave back.
    detector.observe(account(0), facts, (now += 1));
    expect(detector.accountView('a-0', now)?.requests).toBeCloseTo(1, 1);
    expect(detector.accountView('a-60', now)).toBeUndefined();
  });
});
