import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import {
  fileReadOperation,
  fileWriteOperation,
  type FileBatch,
  type FileReadResult,
  type FileStore,
  type FileStoreAdapter,
  type FileWriteResult,
} from '../../core/files/index.ts';
import type { OperationContext } from '../../core/index.ts';

/** What a file-capable connector gives the file-store contract: its adapter, a live client, a place to work. */
export interface FileContractFixtures<Client> {
  label: string;
  adapter: FileStoreAdapter<Client>;
  /** A client of a real server, ready once `before` ran; the same one for every case. */
  client(): Client;
  /** The bucket or container to work in, for object stores. */
  location?: string;
  /** A directory no other test uses; each case works under its own subdirectory of it. */
  root(): string;
  /**
   * For object stores: a client and bucket or container that hold nothing, whose root has no key
   * to stat. SFTP gives none: a server's root is a real directory, checked on the server the other cases use.
   */
  empty?: { client(): Client; location?: string };
}

export function testContext(): OperationContext & { lines: string[] } {
  const lines: string[] = [];
  return { signal: new AbortController().signal, log: (line) => lines.push(line), lines };
}

export const signal = (): AbortSignal => new AbortController().signal;

export function fileHelpers<Client>(fixtures: FileContractFixtures<Client>) {
  const read = fileReadOperation(fixtures.adapter);
  const write = fileWriteOperation(fixtures.adapter);
  const locationParam = (): Record<string, string> =>
    fixtures.adapter.location === undefined || fixtures.location === undefined ? {} : { [fixtures.adapter.location.name]: fixtures.location };
  return {
    store: (): FileStore => fixtures.adapter.open(fixtures.client(), fixtures.location),
    /** A fresh directory path for one case. */
    dir: (name: string): string => `${fixtures.root()}/${name}-${randomBytes(3).toString('hex')}`,
    /** File Reader without batchSize: the whole result. */
    async readFile(params: Record<string, unknown>, context = testContext()): Promise<FileReadResult> {
      const result = await read.run(fixtures.client(), read.input.parse({ ...locationParam(), ...params }), context);
      assert.ok(!isBatches(result), 'File Reader streamed batches without batchSize');
      return result;
    },
    /** File Reader with batchSize: every batch, read to the end. */
    async readBatches(params: Record<string, unknown>, context = testContext()): Promise<FileBatch[]> {
      const result = await read.run(fixtures.client(), read.input.parse({ ...locationParam(), ...params }), context);
      assert.ok(isBatches(result), 'File Reader returned no batches for batchSize');
      const batches: FileBatch[] = [];
      for await (const batch of result) batches.push(batch);
      return batches;
    },
    writeFile: (params: Record<string, unknown>, context = testContext()): Promise<FileWriteResult> =>
      write.run(fixtures.client(), write.input.parse({ ...locationParam(), ...params }), context),
  };
}

function isBatches(value: FileReadResult | AsyncIterable<FileBatch>): value is AsyncIterable<FileBatch> {
  return Symbol.asyncIterator in value;
}
