import type { OpenedServices } from '../../service/index.ts';
import type { ServerApp } from '../server-app.ts';
import { errorResponses } from '../schemas/common.ts';
import { health, openApiDocument } from '../schemas/health.ts';
import { packageVersion } from '../version.ts';

export function registerHealthRoutes(app: ServerApp, services: Pick<OpenedServices, 'isolation'>): void {
  app.route({
    method: 'GET',
    url: '/healthz',
    config: { permission: 'public' },
    schema: { tags: ['server'], summary: 'Liveness check', response: { 200: health, ...errorResponses } },
    handler: async () => ({ status: 'ok' as const, version: packageVersion, blockIsolation: services.isolation }),
  });

  app.route({
    method: 'GET',
    url: '/api/openapi.json',
    config: { permission: 'public' },
    schema: {
      tags: ['server'],
      summary: 'This OpenAPI 3.1 document, generated from the same schemas that validate requests',
      response: { 200: openApiDocument, ...errorResponses },
    },
    handler: async () => openApiDocument.parse(app.swagger()),
  });
}
