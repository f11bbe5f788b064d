/**
 * Verified claims → TokenIdentity, through the issuer's configured claim names. Types are checked
 * strictly (a claim of the wrong type is `jwt_invalid_claim`, never silently dropped) and sizes
 * are bounded, because these values reach the account model, the decision log and policy rules.
 */
import type { JwtClaimsConfig } from '../../config/jwt-schema.ts';
import type { JwtFailure, TokenIdentity } from './jwt-verifier.ts';

const MAX_ID_LENGTH = 256;
const MAX_LABELS = 64;
const MAX_LABEL_LENGTH = 128;

type Claims = Readonly<Record<string, unknown>>;
export type ClaimMapper = (claims: Claims) => TokenIdentity | JwtFailure;

/** Precompiles the mapping for one issuer. */
export function createClaimMapper(issuer: string, names: JwtClaimsConfig): ClaimMapper {
  return (claims) => {
    const raw = claims[names.account];
    if (raw === undefined) return 'jwt_missing_claim';
    const account = readId(raw);
    const org = optional(claims[names.org], readId);
    const tier = optional(claims[names.tier], readString);
    const createdAt = optional(claims[names.account_created_at], readTime);
    const verified = optional(claims[names.verified], readBoolean);
    const programme = optional(claims[names.programme], readString);
    const labels = optional(claims[names.labels], readLabels);
    const declaredUse = optional(claims[names.declared_use], readString);
    if (
      account === INVALID ||
      org === INVALID ||
      tier === INVALID ||
      createdAt === INVALID ||
      verified === INVALID ||
      programme === INVALID ||
      labels === INVALID ||
      declaredUse === INVALID
    ) {
      return 'jwt_invalid_claim';
    }
    return Object.freeze({
      issuer,
      account,
      org,
      tier,
      accountCreatedAt: createdAt,
      verified: verified ?? false,
      programme,
      labels: labels ?? [],
      declaredUse,
    });
  };
}

const INVALID = Symbol('invalid');
type Read<T> = (value: unknown) => T | typeof INVALID;

function optional<T>(value: unknown, read: Read<T>): T | undefined | typeof INVALID {
  return value === undefined || value === null ? undefined : read(value);
}

function readString(value: unknown): string | typeof INVALID {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH
    ? value
    : INVALID;
}

/** Ids may be numeric in some identity providers; they are kept as their decimal string. */
function readId(value: unknown): string | typeof INVALID {
  return Number.isSafeInteger(value) ? String(value) : readString(value);
}

/** Seconds since the epoch (a NumericDate, RFC 7519 §2) or an ISO 8601 string → ms. */
function readTime(value: unknown): number | typeof INVALID {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : INVALID;
  }
  if (typeof value !== 'string' || value.length > 64) return INVALID;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? INVALID : ms;
}

/** Some providers (Cognito, for one) send `email_verified` as the string "true". */
function readBoolean(value: unknown): boolean | typeof INVALID {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return INVALID;
}

function readLabels(value: unknown): readonly string[] | typeof INVALID {
  const list: unknown = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length > MAX_LABELS) return INVALID;
  const labels: string[] = [];
  for (const label of list) {
    if (typeof label !== 'string' || label.length === 0 || label.length > MAX_LABEL_LENGTH) {
      return INVALID;
    }
    labels.push(label);
  }
  return Object.freeze(labels);
}
