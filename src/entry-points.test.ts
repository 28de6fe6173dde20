import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as connector from 'ziggy-connections/connector';
import * as testing from 'ziggy-connections/testing';
import * as core from './core/index.ts';
import { runConnectorContract } from './connectors/contract.ts';

test('ziggy-connections/connector, imported by the package name, hands out the same helpers as the core and the hub’s zod', async () => {
  assert.equal(connector.defineConnector, core.defineConnector);
  assert.equal(connector.runConnectionTest, core.runConnectionTest);
  assert.equal(connector.classifyNetworkError, core.classifyNetworkError);
  assert.equal(connector.ZiggyError, core.ZiggyError);
  const { z } = await import('zod');
  assert.equal(connector.z, z);
});

test('ziggy-connections/testing hands out the contract suite the built-in types run', () => {
  assert.equal(testing.runConnectorContract, runConnectorContract);
});

test('defineConnector refuses an id that is not lower-case with dashes', () => {
  assert.throws(() => connector.defineConnector({ id: 'Twilio' } as never), /must be lower-case/);
});
