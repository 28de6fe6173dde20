import { z } from 'zod';
import { ZiggyError, type Mode } from '../../core/index.ts';
import type { OpenedServices } from '../../service/index.ts';
import { servicesFor } from '../auth.ts';
import { blockView, runBlockBody, runBlockQuery, runCodeBody, saveBlockBody } from '../schemas/blocks.ts';
import { errorResponses, nameParams, noContent } from '../schemas/common.ts';
import { runRecord, waitQuery } from '../schemas/runs.ts';
import { replyWithRun } from './run-reply.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['blocks'];

export function registerBlockRoutes(app: ServerApp, services: OpenedServices): void {
  const { blocks } = services;

  app.route({
    method: 'POST',
    url: '/api/blocks/run',
    config: { permission: 'write', perMode: true },
    schema: {
      tags,
      summary: 'Run code sent with the request (needs write in the run\'s mode); a block that fails is a 200 whose status says how',
      querystring: waitQuery,
      body: runCodeBody,
      response: { 200: runRecord, 202: runRecord, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { wait } = request.query;
      return replyWithRun(reply, await servicesFor(request, services).runs.runCode({ ...request.body, ...(wait === undefined ? {} : { wait }) }));
    },
  });

  app.route({
    method: 'GET',
    url: '/api/blocks',
    config: { permission: 'read' },
    schema: { tags, summary: 'List saved blocks', response: { 200: z.object({ blocks: z.array(blockView) }), ...errorResponses } },
    handler: async () => ({ blocks: await blocks.list() }),
  });

  app.route({
    method: 'GET',
    url: '/api/blocks/:name',
    config: { permission: 'read' },
    schema: { tags, summary: 'Show a saved block and its code', params: nameParams, response: { 200: blockView, ...errorResponses } },
    handler: async (request) => blocks.get(request.params.name),
  });

  app.route({
    method: 'PUT',
    url: '/api/blocks/:name',
    config: { permission: 'write' },
    schema: {
      tags,
      summary: 'Save a block: 201 when it is new, 200 when it replaced one; the code must parse',
      params: nameParams,
      body: saveBlockBody,
      response: { 200: blockView, 201: blockView, ...errorResponses },
    },
    handler: async (request, reply) => {
      const view = await servicesFor(request, services).blocks.save({ name: request.params.name, ...request.body });
      // Every save of an existing block raises its version, so version 1 is a block created now.
      return reply.code(view.version === 1 ? 201 : 200).send(view);
    },
  });

  app.route({
    method: 'DELETE',
    url: '/api/blocks/:name',
    config: { permission: 'write' },
    schema: { tags, summary: 'Delete a saved block (its runs stay)', params: nameParams, response: { 204: noContent, ...errorResponses } },
    handler: async (request, reply) => {
      await servicesFor(request, services).blocks.delete(request.params.name);
      return reply.code(204).send();
    },
  });

  app.route({
    method: 'POST',
    url: '/api/blocks/:name/run',
    config: { permission: 'run', perMode: true },
    schema: {
      tags,
      summary: 'Run a saved block, in dev unless the call names a mode (?mode=PROD or in the body)',
      params: nameParams,
      querystring: runBlockQuery,
      body: runBlockBody,
      response: { 200: runRecord, 202: runRecord, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { mode: bodyMode, ...rest } = request.body ?? {};
      const { mode: queryMode, wait } = request.query;
      const mode = blockRunMode(bodyMode, queryMode);
      const run = await servicesFor(request, services).runs.runBlock(request.params.name, { ...rest, mode, ...(wait === undefined ? {} : { wait }) });
      return replyWithRun(reply, run);
    },
  });
}

/** The mode may come in the body or as ?mode= (as execution tokens call it); the service picks dev when neither names one. */
function blockRunMode(bodyMode: Mode | undefined, queryMode: Mode | undefined): Mode | undefined {
  if (bodyMode !== undefined && queryMode !== undefined && bodyMode !== queryMode) {
    throw new ZiggyError('bad_input', `The body's mode "${bodyMode}" and ?mode=${queryMode} disagree: send one.`, {
      issues: [{ path: 'body.mode', message: 'Differs from the query parameter mode.' }],
    });
  }
  return bodyMode ?? queryMode;
}
