import { test } from 'node:test';
import assert from 'node:assert/strict';
import sftp from '../index.ts';

// Labels, parameter descriptions and docs of every operation are checked for all connectors in ../../contract.ts and ../../docs.test.ts.
test('the SFTP Block operations are registered under their names', () => {
  assert.deepEqual(Object.keys(sftp.operations), ['list', 'get', 'put', 'delete', 'rename', 'mkdir', 'exists', 'fileRead', 'fileWrite']);
});
