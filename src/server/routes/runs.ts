import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { servicesFor } from '../auth.ts';
import { errorResponses } from '../schemas/common.ts';
import { runParams, runRecord, runsQuery } from '../schemas/runs.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['runs'];

/** Run records hold what blocks read and returned, so reading them takes `run` in the run's mode, like starting one. */
export function registerRunRoutes(app: ServerApp, services: OpenedServices): void {
  app.route({
    method: 'GET',
    url: '/api/runs',
    config: { permission: 'run', perMode: true },
    schema: {
      tags,
      summary: 'Runs, newest first, filtered; only those of modes the caller may run in',
      querystring: runsQuery,
      response: { 200: z.object({ runs: z.array(runRecord) }), ...errorResponses },
    },
    handler: async (request) => ({ runs: await servicesFor(request, services).runs.list(request.query) }),
  });

  app.route({
    method: 'GET',
    url: '/api/runs/:id',
    config: { permission: 'run', perMode: true },
    schema: { tags, summary: 'One run: status, result, outputs, console lines', params: runParams, response: { 200: runRecord, ...errorResponses } },
    handler: async (request) => servicesFor(request, services).runs.get(request.params.id),
  });
}
