import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { masterKeyFileName } from '../../src/secrets/index.ts';
import { postgresSource } from '../support/temp-services.ts';
import { startHarness, type Harness } from './harness.ts';

// The attacks of issue 9, repeated through the REST API against a real server. They reach the
// runner's `process` through a function of its realm; whatever the route of escape, the
// boundaries below it (one trust lane per runner, the OS sandbox) must hold.
const escape = "const escaped = consoleMsg.constructor.constructor('return process')();";
const prodCanary = `prod-canary-${randomUUID()}`;
const reversedCanary = [...prodCanary].reverse().join('');

describe('trust boundaries of block runs, through the server', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
    const admin = harness.tokens.admin;
    assert.equal((await harness.request('PUT', '/api/secrets/PGPW', { token: admin, body: { value: 'dev-password' } })).status, 200);
    assert.equal((await harness.request('PUT', '/api/secrets/PGPW', { token: admin, body: { value: prodCanary, mode: 'prod' } })).status, 200);
    const created = await harness.request('POST', '/api/connections', { token: admin, body: { name: 'db', type: 'postgres', devSource: postgresSource({ secret: 'PGPW' }) } });
    assert.equal(created.status, 201, created.text);
  });
  after(() => harness.close());

  const run = async (code: string, mode: 'dev' | 'prod', inputs: unknown[] = []) => {
    const reply = await harness.request('POST', '/api/blocks/run', { token: harness.tokens.admin, body: { code, mode, inputs } });
    assert.equal(reply.status, 200, reply.text);
    return reply.body as { status: string; result?: unknown; error?: { message: string } };
  };

  it('a dev run that listens on its runner never obtains a prod value, in any round', async () => {
    const listen = `async function () { ${escape} escaped.kept ??= []; escaped.on('message', (message) => escaped.kept.push(JSON.stringify(message))); return 'listening'; }`;
    const prodQuery = "async function () { const { rows } = await connections.db.query('select 1 as one'); return rows[0].one; }";
    // Reversed, so the server's redaction of run results cannot hide a leak from this test.
    const readBack = `async function () { ${escape} return (escaped.kept ?? []).map((text) => [...text].reverse().join('')); }`;
    for (let round = 0; round < 6; round++) {
      assert.equal((await run(listen, 'dev')).result, 'listening');
      const prod = await run(prodQuery, 'prod');
      assert.equal(prod.status, 'ok', JSON.stringify(prod.error));
      assert.equal(prod.result, 1);
      const kept = (await run(readBack, 'dev')).result as string[];
      assert.ok(kept.length > 0, 'the listener saw the runs of its own lane');
      assert.ok(!kept.some((message) => message.includes(reversedCanary)), `round ${round}: the dev run read the prod password`);
    }
  });

  it('a block cannot kill or stop the server, nor read its data dir', async () => {
    const attack = `async function (serverPid, keyFile) {
      ${escape}
      const attempt = (action) => { try { action(); return 'done'; } catch (error) { return error.code; } };
      return {
        parent: attempt(() => escaped.kill(escaped.ppid, 'SIGKILL')),
        server: attempt(() => escaped.kill(serverPid, 'SIGKILL')),
        stop: attempt(() => escaped.kill(serverPid, 'SIGTERM')),
        key: attempt(() => escaped.getBuiltinModule('node:fs').readFileSync(keyFile)),
      };
    }`;
    const keyFile = path.join(harness.dataDir, masterKeyFileName);
    const outcome = await run(attack, 'dev', [process.pid, keyFile]);
    assert.equal(outcome.status, 'ok', JSON.stringify(outcome.error));
    assert.deepEqual(outcome.result, { parent: 'EPERM', server: 'ESRCH', stop: 'ESRCH', key: 'ERR_ACCESS_DENIED' });
    const everything = await run(`async function () { ${escape} escaped.kill(-1, 'SIGKILL'); return 'after'; }`, 'dev');
    // kill(-1) ends the runner itself at most; the server answers and runs on.
    assert.ok(['ok', 'error'].includes(everything.status));
    const health = await harness.request('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.body.blockIsolation.level, 'sandbox');
    assert.equal((await run('async function () { return 2; }', 'prod')).result, 2);
  });
});
