import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { errorResponses } from '../schemas/common.ts';
import { connectionTypeView, typeParams } from '../schemas/types.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['connection types'];

export function registerTypeRoutes(app: ServerApp, services: OpenedServices): void {
  app.route({
    method: 'GET',
    url: '/api/types',
    config: { permission: 'read' },
    schema: { tags, summary: 'List connection types', response: { 200: z.object({ types: z.array(connectionTypeView) }), ...errorResponses } },
    handler: async () => ({ types: await services.types.list() }),
  });

  app.route({
    method: 'GET',
    url: '/api/types/:id',
    config: { permission: 'read' },
    schema: {
      tags,
      summary: 'Show a connection type: example, JSON Schema of its config, operations',
      params: typeParams,
      response: { 200: connectionTypeView, ...errorResponses },
    },
    handler: async (request) => services.types.get(request.params.id),
  });
}
