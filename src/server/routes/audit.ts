import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { auditQuery, auditEntry } from '../schemas/audit.ts';
import { errorResponses } from '../schemas/common.ts';
import type { ServerApp } from '../server-app.ts';

export function registerAuditRoutes(app: ServerApp, services: OpenedServices): void {
  app.route({
    method: 'GET',
    url: '/api/audit',
    config: { permission: 'admin' },
    schema: {
      tags: ['audit'],
      summary: 'Audit log entries, newest first, filtered',
      querystring: auditQuery,
      response: { 200: z.object({ entries: z.array(auditEntry) }), ...errorResponses },
    },
    handler: async (request) => ({ entries: await services.audit.list(request.query) }),
  });
}
