import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { servicesFor } from '../auth.ts';
import { errorResponses, nameParams, noContent } from '../schemas/common.ts';
import { deleteSecretQuery, secretView, setSecretBody, updateSecretBody } from '../schemas/secrets.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['secrets'];

/** Secret values go in and never come out: every response is a view of which modes are set. */
export function registerSecretRoutes(app: ServerApp, services: OpenedServices): void {
  const { secrets } = services;

  app.route({
    method: 'GET',
    url: '/api/secrets',
    config: { permission: 'read' },
    schema: { tags, summary: 'List secrets (never their values)', response: { 200: z.object({ secrets: z.array(secretView) }), ...errorResponses } },
    handler: async () => ({ secrets: await secrets.list() }),
  });

  app.route({
    method: 'GET',
    url: '/api/secrets/:name',
    config: { permission: 'read' },
    schema: { tags, summary: 'Show a secret (never its value)', params: nameParams, response: { 200: secretView, ...errorResponses } },
    handler: async (request) => secrets.get(request.params.name),
  });

  app.route({
    method: 'PUT',
    url: '/api/secrets/:name',
    config: { permission: 'write', perMode: true },
    schema: {
      tags,
      summary: "Set a secret's dev value (default) or prod value",
      params: nameParams,
      body: setSecretBody,
      response: { 200: secretView, ...errorResponses },
    },
    handler: async (request) => {
      const { mode, ...rest } = request.body;
      return servicesFor(request, services).secrets.set({ ...rest, name: request.params.name, mode: mode ?? 'dev' });
    },
  });

  app.route({
    method: 'PATCH',
    url: '/api/secrets/:name',
    config: { permission: 'write', perMode: true },
    schema: {
      tags,
      summary: "Change a secret's description or tags; its values stay untouched",
      params: nameParams,
      body: updateSecretBody,
      response: { 200: secretView, ...errorResponses },
    },
    handler: async (request) => servicesFor(request, services).secrets.update(request.params.name, request.body),
  });

  app.route({
    method: 'DELETE',
    url: '/api/secrets/:name/prod',
    config: { permission: 'write', perMode: true },
    schema: {
      tags,
      summary: 'Clear the prod value so prod uses the dev value again',
      params: nameParams,
      response: { 200: secretView, ...errorResponses },
    },
    handler: async (request) => servicesFor(request, services).secrets.clearProd(request.params.name),
  });

  app.route({
    method: 'DELETE',
    url: '/api/secrets/:name',
    config: { permission: 'write' },
    schema: {
      tags,
      summary: 'Delete a secret; refused while connections use it unless force=true',
      params: nameParams,
      querystring: deleteSecretQuery,
      response: { 204: noContent, ...errorResponses },
    },
    handler: async (request, reply) => {
      await servicesFor(request, services).secrets.delete(request.params.name, { force: request.query.force ?? false });
      return reply.code(204).send();
    },
  });
}
