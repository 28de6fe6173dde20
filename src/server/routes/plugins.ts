import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { actorOf } from '../auth.ts';
import { errorResponses, noContent } from '../schemas/common.ts';
import { addPluginBody, pluginNameParams, pluginView } from '../schemas/plugins.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['plugins'];

export function registerPluginRoutes(app: ServerApp, services: OpenedServices): void {
  const { plugins } = services;

  app.route({
    method: 'GET',
    url: '/api/plugins',
    config: { permission: 'admin' },
    schema: { tags, summary: 'List installed connector packages and allowed modules, with how each loaded at start', response: { 200: z.object({ plugins: z.array(pluginView) }), ...errorResponses } },
    handler: async () => ({ plugins: await plugins.list() }),
  });

  app.route({
    method: 'POST',
    url: '/api/plugins',
    config: { permission: 'admin' },
    schema: {
      tags,
      summary: 'Install a connector package (or, with kind module, allow a module for the npm-module type); it loads at the next start',
      body: addPluginBody,
      response: { 201: pluginView, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { spec, kind } = request.body;
      const view = kind === 'module' ? await plugins.allow(spec, actorOf(request)) : await plugins.add(spec, actorOf(request));
      return reply.code(201).send(view);
    },
  });

  app.route({
    method: 'DELETE',
    url: '/api/plugins/:name',
    config: { permission: 'admin' },
    schema: { tags, summary: 'Uninstall a plugin no connection uses', params: pluginNameParams, response: { 204: noContent, ...errorResponses } },
    handler: async (request, reply) => {
      await plugins.remove(request.params.name, actorOf(request));
      return reply.code(204).send();
    },
  });
}
