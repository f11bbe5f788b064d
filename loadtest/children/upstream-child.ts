/** Child process: the load-test upstream (pinned to the load generator's CPU by run.ts). */
import { serveRpc } from '../rpc.ts';
import { startUpstream } from '../upstream.ts';
import type { RunningServer } from '../listen.ts';

let upstream: RunningServer | undefined;

serveRpc(
  {
    async start() {
      upstream ??= await startUpstream();
      return { url: upstream.url };
    },
  },
  async () => {
    await upstream?.close();
  },
);
