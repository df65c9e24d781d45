import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem';

/** What embedded `start` answers to by default: the loopback names, any port. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

const HOST_NAME = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)$/;

/** Parses ALLOWED_HOSTS: host names or addresses (IPv6 in brackets), any port; `*` for any host. */
export function parseAllowedHosts(setting: string): string[] | undefined {
  const hosts = setting.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  if (hosts.includes('*')) return undefined;
  const bad = hosts.find((host) => !HOST_NAME.test(host));
  if (bad !== undefined) throw new Error(`ALLOWED_HOSTS entry '${bad.slice(0, 100)}' is not a host name or address (no port; IPv6 in brackets)`);
  return hosts;
}

/** The name part of a Host header (`name`, `name:port`, `[v6]:port`), lower-cased. */
function hostName(header: string): string | undefined {
  return /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(header)?.[1]?.toLowerCase();
}

/** Requests naming another host (DNS rebinding, a misrouted proxy) answer 421 before anything else runs. */
export function restrictHosts(app: FastifyInstance, allowed: readonly string[] | undefined): void {
  if (allowed === undefined) return;
  const names = new Set(allowed);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.host;
    const name = header === undefined ? undefined : hostName(header);
    if (name !== undefined && names.has(name)) return;
    throw new ProblemError(421, 'misdirected-request', 'Misdirected request', `this server answers only for ${[...names].join(', ')} (ALLOWED_HOSTS)`, [
      { in: 'headers', field: 'host', message: header === undefined ? 'is required' : `'${header.slice(0, 100)}' is not an allowed host` },
    ]);
  });
}
