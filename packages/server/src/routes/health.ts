/** Liveness and readiness: `/healthz` answers 200 when the database answers, 503 otherwise. */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { PorticoError } from '../errors.ts';

/** Route: GET /healthz. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { hide: true }, config: { access: 'public' } }, async () => {
    try {
      await sql`select 1`.execute(app.store.db);
    } catch {
      throw new PorticoError('service_unavailable');
    }
    return { status: 'ok', database: app.store.dialect };
  });
}
