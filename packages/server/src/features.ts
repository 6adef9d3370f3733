/**
 * The feature plugins, in registration order. Each is an encapsulated Fastify plugin owning its routes;
 * add a feature (apps, revisions, export, connectors, connections, gateway, oauth) by appending it here.
 */
import type { FastifyPluginAsync } from 'fastify';
import { appFeature } from './apps/index.ts';
import { gatewayPlugin } from './plugins/gateway.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { changeRoutes } from './routes/changes.ts';
import { connectionRoutes } from './routes/connections.ts';
import { connectorRoutes } from './routes/connectors.ts';
import { environmentRoutes } from './routes/environments.ts';
import { healthRoutes } from './routes/health.ts';
import { invokeRoutes } from './routes/invoke.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { userRoutes } from './routes/users.ts';
import { webRoutes } from './routes/web.ts';

export const FEATURES: FastifyPluginAsync[] = [
  healthRoutes,
  authRoutes,
  tokenRoutes,
  userRoutes,
  environmentRoutes,
  auditRoutes,
  appFeature,
  connectorRoutes,
  connectionRoutes,
  webRoutes,
  gatewayPlugin,
  invokeRoutes,
  changeRoutes,
  oauthRoutes,
];
