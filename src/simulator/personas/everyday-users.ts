/**
 * The everyday crowd of a scenario: ordinary chat users and one company's staff behind a single
 * NAT address. Shared by scenarios built on the project's personas, with the same random forks,
 * so each draws the same people for the same seed.
 */
import type { Actor } from '../actor.ts';
import type { Rng } from '../rng.ts';
import { chatUsers } from './chat-users.ts';
import { homeIp } from './clients.ts';

/** `s` scales a nominal count (`scaled`, with a floor). */
export function everydayUsers(rng: Rng, s: (nominal: number, min?: number) => number): Actor[] {
  return [
    chatUsers(rng.fork('chat'), { name: 'chat-users', count: s(120, 4) }),
    chatUsers(rng.fork('nat'), {
      name: 'company-nat',
      persona: 'company-nat',
      count: s(30, 3),
      org: 'org_northwind',
      natIp: homeIp(rng.fork('nat-ip')),
      turnGap: 12_000,
    }),
  ];
}
