import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { manualClock, type ManualClock } from './auth-fixture.ts';
import { connectionResolver } from './connection-clients.ts';
import { resolveRunOptions } from './run-options.ts';
import type { RunOptions, RunService } from './index.ts';
import { retentionIntervalMs } from './run-retention.ts';
import { createRunService } from './runs.ts';
import { createServerClients, type ServerClients } from './server-clients.ts';
import { actor, createDb } from './runs-fixture.ts';
import { openTempServices, type TempServices } from '../../test/support/temp-services.ts';

const dayMs = 24 * 60 * 60_000;

let fixture: TempServices;
let clients: ServerClients;

before(async () => {
  fixture = await openTempServices();
  const { services } = fixture;
  clients = createServerClients({ resolveConnection: connectionResolver(services), redactor: services.redactor, onChange: services.onChange });
  await createDb(fixture.services, 'unused-with-trust-auth');
});
after(async () => {
  await clients.close();
  await fixture.dispose();
});

/** A run service over the fixture's store whose clock the test moves. */
function runServiceAt(clock: ManualClock, options: RunOptions): RunService {
  const { services } = fixture;
  return createRunService({
    store: services.store,
    redactor: services.redactor,
    secretValues: services.secretValues,
    resolveConnection: connectionResolver(services),
    findConnector: services.findConnector,
    clients,
    logsDir: services.dataDir,
    options: resolveRunOptions(options),
    isolation: services.isolation,
    defaultMode: async () => (await services.settings.get()).defaultMode,
    now: clock.now,
  });
}

async function selectOne(runs: RunService): Promise<string> {
  const run = await runs.runOperation({ connection: 'db', operation: 'select', params: { sql: 'select 1' }, mode: 'dev' }, actor);
  assert.equal(run.status, 'ok', JSON.stringify(run.error));
  return run.id;
}

describe('run retention', () => {
  it('keeps at most retentionCount runs, checking at most once a minute', async () => {
    const clock = manualClock(Date.parse('2031-01-01T00:00:00.000Z'));
    const runs = runServiceAt(clock, { retentionCount: 3 });
    try {
      const ids: string[] = [];
      for (let index = 0; index < 5; index++) {
        ids.push(await selectOne(runs));
        clock.advance(1000);
      }
      assert.equal((await runs.list({ target: 'db/select' })).length, 5, 'within a minute of the last check nothing is deleted');
      clock.advance(retentionIntervalMs);
      ids.push(await selectOne(runs));
      assert.deepEqual((await runs.list({ target: 'db/select' })).map((run) => run.id), ids.slice(-3).reverse());
    } finally {
      await runs.close();
    }
  });

  it('deletes runs older than retentionDays', async () => {
    const clock = manualClock(Date.parse('2032-01-01T00:00:00.000Z'));
    const runs = runServiceAt(clock, { retentionDays: 30 });
    try {
      const old = await selectOne(runs);
      clock.advance(20 * dayMs);
      const recent = await selectOne(runs);
      assert.deepEqual((await runs.list({ target: 'db/select', limit: 2 })).map((run) => run.id), [recent, old]);
      clock.advance(11 * dayMs);
      const latest = await selectOne(runs);
      assert.deepEqual((await runs.list({ target: 'db/select' })).map((run) => run.id), [latest, recent]);
      await assert.rejects(runs.get(old), /does not exist/);
    } finally {
      await runs.close();
    }
  });
});
