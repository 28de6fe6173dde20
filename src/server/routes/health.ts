import type { OpenedServices } from '../../service/index.ts';
import { checkServerReadiness } from '../../service/readiness.ts';
import type { ServerApp } from '../server-app.ts';
import { errorResponses } from '../schemas/common.ts';
import { health, notReady, openApiDocument, ready } from '../schemas/health.ts';
import { packageVersion } from '../version.ts';

export function registerHealthRoutes(app: ServerApp, services: Pick<OpenedServices, 'isolation' | 'store' | 'queue'>): void {
  app.route({
    method: 'GET',
    url: '/healthz',
    config: { permission: 'public' },
    schema: {
      tags: ['server'],
      summary: 'Liveness check: 200 while the process answers, with the store as it is now',
      response: { 200: health, ...errorResponses },
    },
    handler: async () => ({
      status: 'ok' as const,
      version: packageVersion,
      blockIsolation: services.isolation,
      store: await services.store.health(),
      ...(services.queue === undefined ? {} : { queue: await services.queue.health() }),
    }),
  });

  app.route({
    method: 'GET',
    url: '/readyz',
    config: { permission: 'public' },
    schema: {
      tags: ['server'],
      summary: 'Readiness check: 200 when the store answers and no migration is pending, else 503 with the reason',
      response: { 200: ready, 503: notReady, ...errorResponses },
    },
    handler: async (_request, reply) => {
      const { readiness, queue } = await checkServerReadiness(services.store, services.queue);
      const withQueue = queue === undefined ? {} : { queue };
      if (readiness.ready) return { status: 'ready' as const, store: readiness.store, ...withQueue };
      return reply.code(503).send({ status: 'not_ready' as const, reason: readiness.reason, store: readiness.store, ...withQueue });
    },
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
