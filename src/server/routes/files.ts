import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OpenedServices } from '../../service/index.ts';
import { servicesFor } from '../auth.ts';
import { booleanQuery, errorResponses, modeInput, nameParams, noContent } from '../schemas/common.ts';
import { fileEntry, fileListing, writeResult } from '../schemas/files.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['files'];

const fileQuery = z.strictObject({
  path: z.string().min(1).describe('A file or directory on the connection: /uploads, reports/2026.csv'),
  mode: modeInput.optional(),
  location: z.string().min(1).optional().describe("The bucket (S3) or container (Azure Blob); default: the connection's"),
});

const uploadQuery = fileQuery.extend({
  overwrite: booleanQuery.optional().describe('true replaces an existing file; otherwise an existing file is a 409 file_exists'),
});

/** `attachment; filename*=…` as RFC 6266 spells a name in any script. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Files on a file-capable connection (SFTP, S3, Azure Blob). Bodies stream both ways as raw bytes,
 * never as base64 in JSON, so a file of any size passes through in bounded memory. Every use takes
 * `run` in its mode, like the File Reader and File Writer operations.
 */
export function registerFileRoutes(app: ServerApp, services: OpenedServices): void {
  app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<ZodTypeProvider>();
    // An upload's body is handed to the file store as the request stream, unread: no size limit, nothing buffered.
    scoped.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));
    scoped.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

    scoped.route({
      method: 'GET',
      url: '/api/connections/:name/files',
      config: { permission: 'run', perMode: true },
      schema: {
        tags,
        summary: 'The entries of a directory (or the one entry of a file) on a file-capable connection',
        params: nameParams,
        querystring: fileQuery,
        response: { 200: fileListing, ...errorResponses },
      },
      handler: async (request) => servicesFor(request, services).files.list({ connection: request.params.name, ...request.query }),
    });

    scoped.route({
      method: 'GET',
      url: '/api/connections/:name/files/stat',
      config: { permission: 'run', perMode: true },
      schema: {
        tags,
        summary: 'One entry: file or directory, size, modified time',
        params: nameParams,
        querystring: fileQuery,
        response: { 200: fileEntry, ...errorResponses },
      },
      handler: async (request) => servicesFor(request, services).files.stat({ connection: request.params.name, ...request.query }),
    });

    scoped.route({
      method: 'GET',
      url: '/api/connections/:name/files/content',
      config: { permission: 'run', perMode: true },
      schema: {
        tags,
        summary: "A file's bytes, streamed (application/octet-stream with Content-Length)",
        params: nameParams,
        querystring: fileQuery,
        // A stream is sent as it is: no serializer touches it.
        response: { 200: z.unknown().describe("The file's bytes, application/octet-stream"), ...errorResponses },
      },
      handler: async (request, reply) => {
        const stop = new AbortController();
        request.raw.once('close', () => stop.abort());
        const { entry, body } = await servicesFor(request, services).files.download({ connection: request.params.name, ...request.query }, stop.signal);
        reply
          .header('content-type', 'application/octet-stream')
          .header('content-length', entry.size)
          .header('content-disposition', attachment(entry.name));
        if (entry.modifiedAt !== undefined) reply.header('last-modified', new Date(entry.modifiedAt).toUTCString());
        return reply.send(body);
      },
    });

    scoped.route({
      method: 'PUT',
      url: '/api/connections/:name/files/content',
      config: { permission: 'run', perMode: true },
      schema: {
        tags,
        summary: 'Writes the request body to the path, whole or not at all; the body is the raw bytes (application/octet-stream)',
        params: nameParams,
        querystring: uploadQuery,
        response: { 201: writeResult, ...errorResponses },
      },
      handler: async (request, reply) => {
        const stop = new AbortController();
        // A client that goes away mid-upload leaves nothing behind: the store's write is aborted.
        request.raw.once('close', () => {
          if (!request.raw.complete) stop.abort();
        });
        const { overwrite, ...target } = request.query;
        try {
          const result = await servicesFor(request, services).files.upload(
            { connection: request.params.name, ...target, overwrite: overwrite === true, body: request.raw },
            stop.signal,
          );
          return reply.code(201).send(result);
        } catch (error) {
          // Refused before the body was read (file_exists): the answer closes the connection, so
          // the server neither waits for the rest of a large body nor reads a next request from it.
          if (!request.raw.complete) reply.header('connection', 'close');
          throw error;
        }
      },
    });

    scoped.route({
      method: 'DELETE',
      url: '/api/connections/:name/files',
      config: { permission: 'run', perMode: true },
      schema: { tags, summary: 'Deletes one file', params: nameParams, querystring: fileQuery, response: { 204: noContent, ...errorResponses } },
      handler: async (request, reply) => {
        await servicesFor(request, services).files.delete({ connection: request.params.name, ...request.query });
        return reply.code(204).send();
      },
    });
  });
}
