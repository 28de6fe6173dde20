import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { callerOf } from '../auth.ts';
import { errorResponses, noContent } from '../schemas/common.ts';
import { createdToken, createTokenBody, tokenParams, tokensQuery, tokenView } from '../schemas/tokens.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['tokens'];

/** Any signed-in principal manages its own tokens; the service lets an admin reach everyone's. */
export function registerTokenRoutes(app: ServerApp, services: OpenedServices): void {
  const { tokens } = services;

  app.route({
    method: 'GET',
    url: '/api/tokens',
    config: { permission: 'authenticated' },
    schema: {
      tags,
      summary: "The caller's API tokens (everyone's with all=true, for an admin)",
      querystring: tokensQuery,
      response: { 200: z.object({ tokens: z.array(tokenView) }), ...errorResponses },
    },
    handler: async (request) => ({
      tokens: await tokens.list(callerOf(request).principal, { all: request.query.all ?? false }),
    }),
  });

  app.route({
    method: 'POST',
    url: '/api/tokens',
    config: { permission: 'authenticated' },
    schema: {
      tags,
      summary: 'Create an API token; the token itself is in this response only',
      body: createTokenBody,
      response: { 201: createdToken, ...errorResponses },
    },
    handler: async (request, reply) => reply.code(201).send(await tokens.create(callerOf(request).principal, request.body)),
  });

  app.route({
    method: 'DELETE',
    url: '/api/tokens/:id',
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'Revoke an API token', params: tokenParams, response: { 204: noContent, ...errorResponses } },
    handler: async (request, reply) => {
      await tokens.revoke(callerOf(request).principal, request.params.id);
      return reply.code(204).send();
    },
  });
}
