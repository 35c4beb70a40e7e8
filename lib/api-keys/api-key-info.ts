import { type ApiKeyRecord } from './api-key-store.interface.js';

/** An API key as `GET /auth/api-keys` and `ApiKeys.list()` show it: never its secret. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  roles: string[];
  scopes: string[];
  createdAt: string;
  /** `null` until the key is used; recorded at most once a minute. */
  lastUsedAt: string | null;
  /** `null`: the key lives until it is revoked. */
  expiresAt: string | null;
}

/** A key just created: its info and, this once only, the key itself. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

const isoOrNull = (time: number | undefined) =>
  time === undefined ? null : new Date(time).toISOString();

/** The public view of a record: ISO times, no hash, no owner. */
export function toApiKeyInfo(record: ApiKeyRecord): ApiKeyInfo {
  return {
    id: record.id,
    name: record.name,
    roles: [...record.roles],
    scopes: [...record.scopes],
    createdAt: new Date(record.createdAt).toISOString(),
    lastUsedAt: isoOrNull(record.lastUsedAt),
    expiresAt: isoOrNull(record.expiresAt),
  };
}
