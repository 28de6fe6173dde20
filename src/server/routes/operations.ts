import type { OpenedServices } from '../../service/index.ts';
import { servicesFor } from '../auth.ts';
import { errorResponses } from '../schemas/common.ts';
import { runOperationBody, runRecord, waitQuery } from '../schemas/runs.ts';
import type { ServerApp } from '../server-app.ts';
import { replyWithRun } from './run-reply.ts';

export function registerOperationRoutes(app: ServerApp, services: OpenedServices): void {
  app.route({
    method: 'POST',
    url: '/api/operations/run',
    config: { permission: 'run', perMode: true },
    schema: {
      tags: ['operations'],
      summary: "Run a connection's operation (the SQL Block's select, the SFTP Block's get…); a failed run is a 200",
      querystring: waitQuery,
      body: runOperationBody,
      response: { 200: runRecord, 202: runRecord, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { connection, operation, params, mode } = request.body;
      const { wait } = request.query;
      // The caller's services never allow local files: a caller of the API must never make the server read or write its own files.
      const run = await servicesFor(request, services).runs.runOperation({ connection, operation, params, mode, ...(wait === undefined ? {} : { wait }) });
      return replyWithRun(reply, run);
    },
  });
}
