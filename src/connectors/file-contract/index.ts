import { describe } from 'node:test';
import { blockCases } from './block-cases.ts';
import type { FileContractFixtures } from './fixtures.ts';
import { storeCases } from './store-cases.ts';

export type { FileContractFixtures } from './fixtures.ts';

/**
 * The file-store interface and the File Reader / File Writer blocks against a real server of
 * the connector's kind: SFTP, S3 and Azure Blob all run these same cases.
 */
export function runFileStoreContract<Client>(fixtures: FileContractFixtures<Client>): void {
  describe(`file store contract: ${fixtures.label}`, () => {
    describe('store', () => storeCases(fixtures));
    describe('File Reader and File Writer', () => blockCases(fixtures));
  });
}
