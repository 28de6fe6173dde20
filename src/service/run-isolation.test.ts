import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectionResolver } from './connection-clients.ts';
import { resolveRunOptions } from './run-options.ts';
import { createRunService } from './runs.ts';
import { createServerClients } from './server-clients.ts';
import { actor } from './runs-fixture.ts';
import { rejectsWith } from '../../test/support/rejects-with.ts';
import { openTempServices, type TempServices } from '../../test/support/temp-services.ts';

describe('block isolation as the services apply it', () => {
  let fixture: TempServices;
  before(async () => {
    fixture = await openTempServices();
  });
  after(() => fixture.dispose());

  it('runs blocks in the sandbox by default and says so', async () => {
    assert.equal(fixture.services.isolation.level, 'sandbox');
    const run = await fixture.services.runs.runCode({ code: 'async function () { return 1; }', mode: 'dev' }, actor);
    assert.equal(run.status, 'ok');
  });

  it('refuses block runs, recording nothing, where the sandbox cannot start', async () => {
    const { services } = fixture;
    const clients = createServerClients({ resolveConnection: connectionResolver(services), redactor: services.redactor, onChange: services.onChange });
    const runs = createRunService({
      store: services.store,
      redactor: services.redactor,
      secretValues: services.secretValues,
      resolveConnection: connectionResolver(services),
      findConnector: services.findConnector,
      clients,
      logsDir: services.dataDir,
      options: resolveRunOptions(),
      isolation: { level: 'unavailable', summary: 'no OS sandbox (bubblewrap is not installed)' },
      defaultMode: async () => 'dev',
    });
    try {
      const before = (await services.runs.list()).length;
      await assert.rejects(runs.runCode({ code: 'async function () { return 1; }', mode: 'dev' }, actor), rejectsWith('sandbox_unavailable'));
      assert.equal((await services.runs.list()).length, before);
    } finally {
      await runs.close();
      await clients.close();
    }
  });

  it('runs under the permission model alone only when asked to', async () => {
    const permissionOnly = await openTempServices({ isolation: 'permission-only' });
    try {
      assert.equal(permissionOnly.services.isolation.level, 'permission-only');
      const run = await permissionOnly.services.runs.runCode({ code: "async function () { return consoleMsg.constructor('return process')().pid > 2; }", mode: 'dev' }, actor);
      assert.equal(run.status, 'ok');
      assert.equal(run.result, true);
    } finally {
      await permissionOnly.dispose();
    }
  });
});
