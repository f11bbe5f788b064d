/** Plain accounts, key entries and request facts for the pure stages, with overrides. */
import type { Account } from '../../src/account/account.ts';
import { digestApiKey } from '../../src/auth/api-key.ts';
import type { KeyEntry } from '../../src/auth/key-table.ts';
import type { DetectionSettings } from '../../src/detection/detection-settings.ts';
import { anthropic } from '../../src/dialects/anthropic.ts';
import { INFERENCE_ROUTES, type Route } from '../../src/dialects/routes.ts';
import { readRequestFacts, type RequestFacts } from '../../src/signals/request-facts.ts';

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

/** The key-table entry of an API key (its id derived from the key unless overridden). */
export function testKeyEntry(key: string, overrides: Partial<KeyEntry> = {}): KeyEntry {
  return {
    digest: digestApiKey(key),
    keyId: `key_${key.slice(3, 15)}`,
    account: 'acct_a',
    org: 'org_a',
    tier: 'default',
    createdAt: undefined,
    expiresAt: undefined,
    revokedAt: undefined,
    verified: false,
    labels: [],
    accountCreatedAt: undefined,
    programme: undefined,
    declaredUse: undefined,
    ...overrides,
  };
}

const MESSAGES_ROUTE = INFERENCE_ROUTES.get('/v1/messages') as Route;

/** The facts of an Anthropic Messages request with this body, as the signals stage reads them. */
export function messagesFacts(
  body: Record<string, unknown>,
  settings: DetectionSettings,
  rawHeaders: readonly string[],
  ipPrefix: string,
): RequestFacts {
  return readRequestFacts(
    anthropic,
    MESSAGES_ROUTE,
    body,
    JSON.stringify(body).length,
    { rawHeaders, ipPrefix },
    settings,
  );
}
