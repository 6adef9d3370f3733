/** What the connector and connection routes share: the caller as the connector rules see them, and the allow-list. */
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { ConnectorActor } from '../connectors/access.ts';

/** The administrator's allow-list of private hosts, as entries for src/fetch. */
export function allowHostEntries(config: Config): string[] {
  return config.gatewayAllowHosts.map((h) => (h.kind === 'host' ? h.host : `${h.address}/${h.prefix}`));
}

/** The caller as the connector rules see them (the access rule has resolved environment and role). */
export function actorOf(req: FastifyRequest): ConnectorActor {
  return { user: req.principal!.user, role: req.scope.environmentRole! };
}
