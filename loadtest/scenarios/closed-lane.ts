/**
 * A closed-loop lane: `connections` chat requests in flight against one target, counted as they
 * complete, for as long as the caller wants — for benchmarks that drive several targets at the
 * same time and read their counters between rounds (side-by-side.ts, redis-side-by-side.ts).
 */
import { Pool } from 'undici';
import { CHAT_PATH, clientHeaderList, REQUEST_BODY } from '../fixtures.ts';

export interface Lane {
  readonly pool: Pool;
  done: number;
  errors: number;
}

/** A closed loop of `connections` requests in flight against `url` until `stop()` is true. */
export function drive(
  url: string,
  key: string,
  connections: number,
  stop: () => boolean,
): { lane: Lane; ended: Promise<void> } {
  const lane: Lane = {
    pool: new Pool(url, { connections, pipelining: 1 }),
    done: 0,
    errors: 0,
  };
  const headers = clientHeaderList(key);
  const loop = async (): Promise<void> => {
    while (!stop()) {
      try {
        const res = await lane.pool.request({
          path: CHAT_PATH,
          method: 'POST',
          headers,
          body: REQUEST_BODY,
        });
        await res.body.dump();
        if (res.statusCode === 200) lane.done++;
        else lane.errors++;
      } catch {
        lane.errors++;
      }
    }
  };
  const ended = Promise.all(Array.from({ length: connections }, loop)).then(() =>
    lane.pool.close(),
  );
  return { lane, ended };
}
