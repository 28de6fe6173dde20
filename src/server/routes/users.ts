import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { actorOf } from '../auth.ts';
import { errorResponses, noContent } from '../schemas/common.ts';
import { createUserBody, updateUserBody, userView, usernameParams } from '../schemas/users.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['users'];

export function registerUserRoutes(app: ServerApp, services: OpenedServices): void {
  const { users } = services;

  app.route({
    method: 'GET',
    url: '/api/users',
    config: { permission: 'admin' },
    schema: { tags, summary: 'List users', response: { 200: z.object({ users: z.array(userView) }), ...errorResponses } },
    handler: async () => ({ users: await users.list() }),
  });

  app.route({
    method: 'POST',
    url: '/api/users',
    config: { permission: 'admin' },
    schema: { tags, summary: 'Create a user', body: createUserBody, response: { 201: userView, ...errorResponses } },
    handler: async (request, reply) => reply.code(201).send(await users.create(request.body, actorOf(request))),
  });

  app.route({
    method: 'PATCH',
    url: '/api/users/:username',
    config: { permission: 'admin' },
    schema: {
      tags,
      summary: "Change a user's role or password, or disable them; ends their sessions on a role change or disable",
      params: usernameParams,
      body: updateUserBody,
      response: { 200: userView, ...errorResponses },
    },
    handler: async (request) => users.update(request.params.username, request.body, actorOf(request)),
  });

  app.route({
    method: 'DELETE',
    url: '/api/users/:username',
    config: { permission: 'admin' },
    schema: {
      tags,
      summary: 'Delete a user, revoking their tokens and ending their sessions',
      params: usernameParams,
      response: { 204: noContent, ...errorResponses },
    },
    handler: async (request, reply) => {
      await users.delete(request.params.username, actorOf(request));
      return reply.code(204).send();
    },
  });
}
