import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from './problem';

/** An API key as configured: a name (the tenant) and the SHA-256 of the key; the key itself is never stored. */
export interface ApiKey {
  name: string;
  sha256: Buffer;
  /** An admin key sees and may change every search, ownerless ones included. */
  admin: boolean;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Parses `name:sha256hex,name:sha256hex` (the API_KEYS setting); `adminNames` (ADMIN_KEY_NAMES) must name entries of it. */
export function parseApiKeys(setting: string, adminNames: readonly string[] = []): ApiKey[] {
  const keys = setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([A-Za-z0-9_.-]{1,64}):([0-9a-f]{64})$/.exec(entry);
      if (!match) throw new Error(`API_KEYS entry '${entry.slice(0, 80)}' is not name:sha256-hex (hash a key with: hpsearch hash-key <key>)`);
      return { name: match[1]!, sha256: Buffer.from(match[2]!, 'hex'), admin: adminNames.includes(match[1]!) };
    });
  const unknown = adminNames.filter((name) => !keys.some((key) => key.name === name));
  if (unknown.length > 0) throw new Error(`ADMIN_KEY_NAMES names ${unknown.map((name) => `'${name.slice(0, 64)}'`).join(', ')}, not in API_KEYS`);
  return keys;
}

function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey : undefined;
}

function matchKey(keys: readonly ApiKey[], presented: string): ApiKey | undefined {
  const digest = createHash('sha256').update(presented, 'utf8').digest();
  return keys.find((key) => timingSafeEqual(key.sha256, digest));
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Name of the valid API key the request carried. */
    caller?: string;
    /** Set when the request may see and change only this tenant's searches; unset: every search. */
    tenant?: string;
  }
}

export const isMutating = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

/** Routes that serve what the searches hold: the API and the metrics drawn from it. */
const isDataRoute = (route: string) => route.startsWith('/v1/') || route === '/metrics';

export interface KeyPolicy {
  keys: readonly ApiKey[];
  /** Reads of /v1/** and /metrics need a key too, and see only the caller's searches. */
  readsRequireKey: boolean;
}

/** Who the request is: runs before the rate limit, so the limit counts per tenant, never per header value. */
export function identifyCallers(app: FastifyInstance, keys: readonly ApiKey[]): void {
  if (keys.length === 0) return;
  app.addHook('onRequest', async (request) => {
    const presented = presentedKey(request);
    const key = presented === undefined ? undefined : matchKey(keys, presented);
    if (key) request.caller = key.name;
    if (key && !key.admin) request.tenant = key.name;
  });
}

/** With keys configured, mutations (and, with readsRequireKey, reads of data) need a valid one; runs after the rate limit, which counts rejected keys too. */
export function requireApiKeys(app: FastifyInstance, { keys, readsRequireKey }: KeyPolicy): void {
  if (keys.length === 0) return;
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const needsKey = isMutating(request.method) || (readsRequireKey && isDataRoute(request.routeOptions.url ?? ''));
    if (!needsKey) {
      delete request.tenant;
      return;
    }
    if (request.caller !== undefined) return;
    const presented = presentedKey(request);
    throw new ProblemError(401, 'unauthorized', 'Unauthorized', presented === undefined ? 'this route needs an API key (Authorization: Bearer <key>)' : 'the API key is not valid', [
      { in: 'headers', field: 'authorization', message: presented === undefined ? 'is required' : 'is not a valid API key' },
    ]);
  });
}
