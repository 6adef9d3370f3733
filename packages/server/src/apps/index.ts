/**
 * The API side ("App Service"): API apps with their definition source, immutable revisions, hosting of the
 * current definition, and Export to PowerApps/Flow (manual download, express into an environment).
 */
import type { FastifyInstance } from 'fastify';
import { appExportRoutes } from './export-routes.ts';
import { expressExportRoutes } from './express.ts';
import { hostingRoutes } from './hosting.ts';
import { appMemberRoutes } from './members.ts';
import { registerUploads } from './multipart.ts';
import { appRevisionRoutes } from './revisions.ts';
import { appCrudRoutes } from './routes.ts';

/** The feature plugin of the API side (listed in features.ts). */
export async function appFeature(app: FastifyInstance): Promise<void> {
  await registerUploads(app);
  await app.register(appCrudRoutes);
  await app.register(appMemberRoutes);
  await app.register(appRevisionRoutes);
  await app.register(appExportRoutes);
  await app.register(expressExportRoutes);
  await app.register(hostingRoutes);
}

export { type RefreshOutcome, refreshApiApp } from './refresh.ts';
export type { DefinitionReport, ProfileReport } from './report.ts';
export { type Actor, createApiApp, type NewApiApp } from './service.ts';
