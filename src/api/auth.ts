import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from './problem';

/** An API key as configured: a name (the tenant) and the SHA-256 of the key; the key itself is never stored. */
export interface ApiKey {
  name: string;
  sha256: Buffer;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** Parses `name:sha256hex,name:sha256hex` (the API_KEYS setting). */
export function parseApiKeys(setting: string): ApiKey[] {
  return setting
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^([A-Za-z0-9_.-]{1,64}):([0-9a-f]{64})$/.exec(entry);
      if (!match) throw new Error(`API_KEYS entry '${entry.slice(0, 80)}' is not name:sha256-hex (hash a key with: hpsearch hash-key <key>)`);
      return { name: match[1]!, sha256: Buffer.from(match[2]!, 'hex') };
    });
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
    /** Name of the API key the request carried, when keys are configured. */
    caller?: string;
  }
}

/** With keys configured, every mutating request needs one (Authorization: Bearer <key> or X-API-Key). */
export function registerApiKeys(app: FastifyInstance, keys: readonly ApiKey[]): void {
  if (keys.length === 0) return;
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    const presented = presentedKey(request);
    const key = presented === undefined ? undefined : matchKey(keys, presented);
    if (!key) {
      throw new ProblemError(401, 'unauthorized', 'Unauthorized', presented === undefined ? 'this route needs an API key (Authorization: Bearer <key>)' : 'the API key is not valid', [
        { in: 'headers', field: 'authorization', message: presented === undefined ? 'is required' : 'is not a valid API key' },
      ]);
    }
    request.caller = key.name;
  });
}
