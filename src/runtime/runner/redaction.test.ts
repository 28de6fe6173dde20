import assert from 'node:assert/strict';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Redactor } from '../../secrets/redactor.ts';
import { createRunnerPool } from './runner-pool.ts';
import { tempLogsDir, testResolvers } from './test-resolvers.ts';
import type { BlockRunResult, RunnerPool } from './types.ts';

// Canaries: values that must never come back out of a run in any form.
const secretCanary = 'canary-secret-7f3a91';
const passwordCanary = 'canary-password-c04e22';
const sharedCanary = 'canary-shared-5b8d17';
const canaries = [secretCanary, passwordCanary, sharedCanary];
const encodedForms = canaries.flatMap((value) => [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('base64url')]);

let logsDir: string;
let pool: RunnerPool;

before(async () => {
  logsDir = await tempLogsDir();
  const { resolvers } = testResolvers(
    {
      // Trust auth ignores the password, so the literal canary is harmless to the login yet sits in the config.
      db: { type: 'postgres', dev: { host: '127.0.0.1', user: 'postgres', database: 'test', password: passwordCanary } },
      // A secret concatenated into a field that is not a secret field: only the process's redactor knows it.
      viaUrl: { type: 'postgres', dev: { connectionString: `postgres://postgres:${sharedCanary}@127.0.0.1:5432/test` } },
    },
    { API_TOKEN: { dev: secretCanary } },
  );
  const redactor = new Redactor();
  redactor.add(sharedCanary);
  pool = createRunnerPool({ size: 1, logsDir, redactor, ...resolvers });
});

after(async () => {
  await pool.close();
  await rm(logsDir, { recursive: true, force: true });
});

function assertClean(what: string, text: string): void {
  for (const form of encodedForms) assert.ok(!text.includes(form), `${what} holds a canary: ${text}`);
}

function serialized(result: BlockRunResult): string {
  return JSON.stringify(result, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}

async function sysLogText(): Promise<string> {
  const files = await readdir(logsDir);
  const texts = await Promise.all(files.map((file) => readFile(path.join(logsDir, file), 'utf8')));
  return texts.join('');
}

describe('secret values leaving a run', () => {
  it('are replaced by [secret] in the result, outputs, console lines and sysLog lines', async () => {
    const result = await pool.run({
      code: `async function () {
        const token = secrets.API_TOKEN;
        const password = connections.db.options.password;
        const url = connections.viaUrl.options.connectionString;
        consoleMsg('token', token, { nested: [token] });
        console.error('password', password, 'url', url);
        sysLog.log('token ' + token, { token, password });
        sysLog.error('failed ' + password, new Error('inner ' + token), { url });
        branchTo(2, { token, encoded: Buffer.from(token).toString('base64') });
        return { token, password, url, encoded: btoa(password), [token]: 'as a key' };
      }`,
      inputs: [],
      mode: 'dev',
      author: 'user:test',
      executionId: 'canary-run',
    });
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    assertClean('the run result', serialized(result));
    assert.deepEqual(result.console.map((line) => line.text), [
      "token [secret] { nested: [ '[secret]' ] }",
      'password [secret] url postgres://postgres:[secret]@127.0.0.1:5432/test',
    ]);
    assert.deepEqual(result.outputs, [{ edge: 2, items: [{ token: '[secret]', encoded: '[secret]' }] }]);
    const logged = await sysLogText();
    assert.match(logged, /"message":"token \[secret\]"/);
    assertClean('the sysLog file', logged);
  });

  it('are replaced by [secret] in errors and their stacks', async () => {
    const result = await pool.run({
      code: `async function () {
        throw new Error('could not use ' + secrets.API_TOKEN + ' with ' + connections.db.options.password);
      }`,
      inputs: [],
      mode: 'dev',
      author: 'user:test',
      executionId: 'canary-error',
    });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.message, 'could not use [secret] with [secret]');
    assertClean('the error', serialized(result));
  });
});
