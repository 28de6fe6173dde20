import { describe } from 'node:test';
import { edgeCases } from './edge.ts';
import type { SqlContractFixtures } from './fixtures.ts';
import { readCases } from './reads.ts';
import { writeCases } from './writes.ts';

export type { SqlContractFixtures } from './fixtures.ts';
export { sqlHelpers, testContext, uniqueName } from './fixtures.ts';

/**
 * The SQL Block's operations against a real server of the connector's database: every SQL
 * connector runs these same cases (as every connector runs runConnectorContract).
 */
export function runSqlContract<Client extends object>(fixtures: SqlContractFixtures<Client>): void {
  describe(`SQL contract: ${fixtures.driver.dialect.label}`, () => {
    describe('reads', () => readCases(fixtures));
    describe('writes', () => writeCases(fixtures));
    describe('edge mode', () => edgeCases(fixtures));
  });
}
