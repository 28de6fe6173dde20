import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectors } from './index.ts';
import { loadConnector } from './load.ts';

test('every registered type loads on its own from the folder named by its id, as the same connector', async () => {
  for (const connector of connectors) assert.equal(await loadConnector(connector.id), connector, connector.id);
});

test('an unknown id, or one that is not a folder name, loads nothing', async () => {
  assert.equal(await loadConnector('oracle'), undefined);
  assert.equal(await loadConnector('../core'), undefined);
  assert.equal(await loadConnector('sql-contract'), undefined);
});
