import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { UseStore } from './helpers.ts';

export function healthCases(using: UseStore): void {
  it('reports itself reachable and up to date after opening', using(async (store) => {
    const health = await store.health();
    assert.ok(health.kind === 'sqlite' || health.kind === 'postgres', health.kind);
    assert.equal(health.reachable, true, health.error);
    assert.equal(health.error, undefined);
    assert.ok(health.codeVersion >= 1);
    assert.equal(health.schemaVersion, health.codeVersion);
    assert.deepEqual(health.pending, []);
    assert.ok(health.location.length > 0);
  }));
}
