import type { OpenedServices } from '../../service/index.ts';
import { servicesFor } from '../auth.ts';
import { errorResponses, nameParams } from '../schemas/common.ts';
import { draftTestBody, testBody, testOutcome } from '../schemas/connections.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['connection tests'];

export function registerConnectionTestRoutes(app: ServerApp, services: OpenedServices): void {
  app.route({
    method: 'POST',
    url: '/api/connections/:name/test',
    config: { permission: 'run', perMode: true },
    schema: {
      tags,
      summary: 'Test a saved connection in one mode; a failed test is a 200 with ok: false',
      params: nameParams,
      body: testBody,
      response: { 200: testOutcome, ...errorResponses },
    },
    handler: async (request) => {
      const { mode, timeoutMs } = request.body ?? {};
      const options = { mode, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
      return servicesFor(request, services).connections.test(request.params.name, options);
    },
  });

  app.route({
    method: 'POST',
    url: '/api/connections/test',
    config: { permission: 'write', perMode: true },
    schema: {
      tags,
      summary: 'Test a draft config without saving it (editors only: a draft may send a secret to any host)',
      body: draftTestBody,
      response: { 200: testOutcome, ...errorResponses },
    },
    handler: async (request) => {
      const { type, source, mode, timeoutMs } = request.body;
      const options = { mode, ...(timeoutMs === undefined ? {} : { timeoutMs }) };
      return servicesFor(request, services).connections.testDraft({ type, source }, options);
    },
  });
}
