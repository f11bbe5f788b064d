/** Plain accounts and request facts for the pure stages (policy, limits), with overrides. */
import type { Account } from '../../src/account/account.ts';
import type { RequestFacts } from '../../src/signals/request-facts.ts';

export function testAccount(fields: Partial<Account> = {}): Account {
  return {
    id: 'acct_1',
    org: undefined,
    tier: 'free',
    credential: 'api_key',
    keyId: 'key_1',
    createdAt: undefined,
    ageDays: 10,
    verified: false,
    programme: undefined,
    labels: [],
    declaredUse: undefined,
    override: undefined,
    ...fields,
  };
}

export function testFacts(fields: Partial<RequestFacts> = {}): RequestFacts {
  return {
    dialect: 'openai',
    route: 'openai.chat_completions',
    model: 'm',
    stream: false,
    maxTokens: 100,
    messageCount: 1,
    toolCount: 0,
    thinking: false,
    choices: 1,
    bytes: 400,
    signals: undefined,
    ...fields,
  };
}
