import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { actor, createDb } from './runs-fixture.ts';
import { openTempServices, type TempServices } from '../../test/support/temp-services.ts';

// The server-wide default mode is applied by the services, so the API, the CLI and the UI agree.
let fixture: TempServices;
before(async () => {
  fixture = await openTempServices({ runners: 1 });
  await createDb(fixture.services, 'unused');
  await fixture.services.settings.update({ defaultMode: 'prod' }, actor);
});
after(() => fixture.dispose());

it('tests a connection in the default mode when the call names none', async () => {
  const outcome = await fixture.services.connections.test('db', {}, actor);
  assert.equal(outcome.mode, 'prod');
  assert.equal((await fixture.services.connections.test('db', { mode: 'dev' }, actor)).mode, 'dev');
});

it('runs code and operations in the default mode, and a saved block in dev unless asked', async () => {
  const code = `async function () { return (await connections.db.query('select current_database() as name')).rows[0].name; }`;
  const run = await fixture.services.runs.runCode({ code }, actor);
  assert.equal(run.mode, 'prod');
  assert.equal(run.result, 'postgres');
  const operation = await fixture.services.runs.runOperation({ connection: 'db', operation: 'select', params: { sql: 'select 1' } }, actor);
  assert.equal(operation.mode, 'prod');
  await fixture.services.blocks.save({ name: 'where', code }, actor);
  const block = await fixture.services.runs.runBlock('where', {}, actor);
  assert.equal(block.mode, 'dev');
  assert.equal(block.result, 'test');
});
