import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ZiggyError } from '../core/index.ts';
import type { FileEntry, WriteResult } from '../core/files/index.ts';
import type { FileListing, FileService, FileTarget } from '../service/types.ts';
import { route, type HttpClient } from './http.ts';

const queryOf = ({ path, mode, location }: FileTarget) => ({ path, mode, location });

/** Files over the REST API, bodies streamed raw both ways. The server records the token's user, so the actor is not sent. */
export function remoteFiles(http: HttpClient): FileService {
  const stat = (target: FileTarget, signal?: AbortSignal) =>
    http.request<FileEntry>('GET', route`/api/connections/${target.connection}/files/stat`, { query: queryOf(target) }).then((entry) => {
      signal?.throwIfAborted();
      return entry;
    });
  return {
    list: (target) => http.request<FileListing>('GET', route`/api/connections/${target.connection}/files`, { query: queryOf(target) }),
    stat: (target, _actor, signal) => stat(target, signal),
    async download(target, _actor, signal) {
      const entry = await stat(target, signal);
      const response = await http.raw('GET', route`/api/connections/${target.connection}/files/content`, { query: queryOf(target), signal });
      if (response.body === null) throw new ZiggyError('internal', `The server at ${http.server} sent no body for ${target.path}.`);
      return { entry, body: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) };
    },
    async upload(input, _actor, signal) {
      const response = await http.raw('PUT', route`/api/connections/${input.connection}/files/content`, {
        query: { ...queryOf(input), overwrite: input.overwrite === true ? 'true' : undefined },
        body: input.body,
        signal,
      });
      return (await response.json()) as WriteResult;
    },
    delete: async (target) => {
      await http.request('DELETE', route`/api/connections/${target.connection}/files`, { query: queryOf(target) });
    },
  };
}
