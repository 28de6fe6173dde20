import { z } from 'zod';
import { ZiggyError } from '../../core/index.ts';
import type { OpenedServices } from '../../service/index.ts';
import { servicesFor } from '../auth.ts';
import { errorResponses, nameParams, noContent } from '../schemas/common.ts';
import {
  connectionSummary,
  connectionView,
  createConnectionBody,
  ifMatchHeaders,
  restoreBody,
  sourceParams,
  sourceView,
  restoreParams,
  revisionRecord,
  saveResult,
  updateConnectionBody,
} from '../schemas/connections.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['connections'];

export function registerConnectionRoutes(app: ServerApp, services: OpenedServices): void {
  const { connections } = services;

  app.route({
    method: 'GET',
    url: '/api/connections',
    config: { permission: 'read' },
    schema: {
      tags,
      summary: 'List connections, with the last test result per mode',
      response: { 200: z.object({ connections: z.array(connectionSummary) }), ...errorResponses },
    },
    handler: async () => ({ connections: await connections.list() }),
  });

  app.route({
    method: 'POST',
    url: '/api/connections',
    config: { permission: 'write' },
    schema: { tags, summary: 'Create a connection', body: createConnectionBody, response: { 201: saveResult, ...errorResponses } },
    handler: async (request, reply) => reply.code(201).send(await servicesFor(request, services).connections.create(request.body)),
  });

  app.route({
    method: 'GET',
    url: '/api/connections/:name',
    config: { permission: 'read' },
    schema: {
      tags,
      summary: 'Show a connection; the ETag header holds its version. A source the caller may not read is left out (hiddenSources)',
      params: nameParams,
      response: { 200: connectionView, ...errorResponses },
    },
    handler: async (request, reply) => {
      const view = await servicesFor(request, services).connections.get(request.params.name);
      return reply.header('etag', `"${view.version}"`).send(view);
    },
  });

  app.route({
    method: 'GET',
    url: '/api/connections/:name/sources/:mode',
    config: { permission: 'read', perMode: true },
    schema: {
      tags,
      summary: "One mode's config source, as that mode uses it (a prod source needs write in prod)",
      params: sourceParams,
      response: { 200: sourceView, ...errorResponses },
    },
    handler: async (request) => servicesFor(request, services).connections.source(request.params.name, request.params.mode),
  });

  app.route({
    method: 'PATCH',
    url: '/api/connections/:name',
    config: { permission: 'write', perMode: true },
    schema: {
      tags,
      summary: 'Change a connection; send the version last seen in the body or as If-Match',
      params: nameParams,
      headers: ifMatchHeaders,
      body: updateConnectionBody,
      response: { 200: saveResult, ...errorResponses },
    },
    handler: async (request) => {
      const { version: bodyVersion, ...changes } = request.body;
      const version = expectedVersion(bodyVersion, request.headers['if-match']);
      const input = version === undefined ? changes : { ...changes, version };
      return servicesFor(request, services).connections.update(request.params.name, input);
    },
  });

  app.route({
    method: 'DELETE',
    url: '/api/connections/:name',
    config: { permission: 'write' },
    schema: { tags, summary: 'Delete a connection and its history', params: nameParams, response: { 204: noContent, ...errorResponses } },
    handler: async (request, reply) => {
      await servicesFor(request, services).connections.delete(request.params.name);
      return reply.code(204).send();
    },
  });

  app.route({
    method: 'GET',
    url: '/api/connections/:name/revisions',
    config: { permission: 'read' },
    schema: {
      tags,
      summary: 'The revisions of a connection, newest first',
      params: nameParams,
      response: { 200: z.object({ revisions: z.array(revisionRecord) }), ...errorResponses },
    },
    handler: async (request) => ({ revisions: await servicesFor(request, services).connections.history(request.params.name) }),
  });

  app.route({
    method: 'POST',
    url: '/api/connections/:name/revisions/:revision/restore',
    config: { permission: 'write' },
    schema: {
      tags,
      summary: 'Make an old revision current again (as a new revision)',
      params: restoreParams,
      body: restoreBody,
      response: { 200: saveResult, ...errorResponses },
    },
    handler: async (request) => {
      const { name, revision } = request.params;
      return servicesFor(request, services).connections.restore(name, revision, request.body?.version);
    },
  });
}

/** The version the caller last saw, from the body or an `If-Match: "N"` header; both must agree. */
function expectedVersion(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return bodyVersion;
  const quoted = /^\s*"([1-9]\d*)"\s*$/.exec(ifMatch)?.[1];
  if (quoted === undefined) {
    throw new ZiggyError('bad_input', 'If-Match must be a quoted version such as "3", as sent in the ETag header.', {
      issues: [{ path: 'headers.if-match', message: 'Expected a quoted version such as "3".' }],
    });
  }
  const headerVersion = Number(quoted);
  if (bodyVersion !== undefined && bodyVersion !== headerVersion) {
    throw new ZiggyError('bad_input', `The body's version ${bodyVersion} and If-Match "${headerVersion}" disagree: send one.`, {
      issues: [{ path: 'body.version', message: 'Differs from If-Match.' }],
    });
  }
  return headerVersion;
}
