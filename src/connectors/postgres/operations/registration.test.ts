import { test } from 'node:test';
import assert from 'node:assert/strict';
import postgres from '../index.ts';

// Labels, parameter descriptions and docs of every operation are checked for all connectors in ../../contract.ts and ../../docs.test.ts.
test('the SQL Block operations are registered under their names', () => {
  assert.deepEqual(Object.keys(postgres.operations), ['select', 'insert', 'upsert', 'update', 'delete', 'raw']);
});
