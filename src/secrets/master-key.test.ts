import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadMasterKey, masterKeyFileName, parseMasterKey } from './master-key.ts';
import { ZiggyError } from '../core/errors.ts';

const temporaryDirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ziggy-master-key-'));
  temporaryDirs.push(dir);
  return dir;
}
after(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function assertRefused(error: unknown, pattern: RegExp, forbidden?: string): boolean {
  assert.ok(error instanceof ZiggyError);
  assert.match(error.message, pattern);
  if (forbidden !== undefined) {
    assert.ok(!error.message.includes(forbidden));
    assert.ok(!JSON.stringify(error.toJSON()).includes(forbidden));
  }
  return true;
}

describe('loadMasterKey', () => {
  it('generates a key file with mode 0600 in a new data dir with mode 0700, then reuses it', async () => {
    const dataDir = path.join(await freshDir(), 'nested', 'data');
    const first = await loadMasterKey({ dataDir, env: {} });
    assert.equal(first.source, 'generated');
    assert.equal(first.key.length, 32);
    const file = path.join(dataDir, masterKeyFileName);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
    assert.deepEqual(await readdir(dataDir), [masterKeyFileName]);

    const second = await loadMasterKey({ dataDir, env: {} });
    assert.equal(second.source, 'file');
    assert.ok(second.key.equals(first.key));
  });

  it('prefers ZIGGY_MASTER_KEY in base64 or hex and writes no file', async () => {
    const dataDir = await freshDir();
    const key = randomBytes(32);
    const fromBase64 = await loadMasterKey({ dataDir, env: { ZIGGY_MASTER_KEY: key.toString('base64') } });
    assert.equal(fromBase64.source, 'env');
    assert.ok(fromBase64.key.equals(key));
    const hex = ` ${key.toString('hex').toUpperCase()}\n`;
    const fromHex = await loadMasterKey({ dataDir, env: { ZIGGY_MASTER_KEY: hex } });
    assert.equal(fromHex.source, 'env');
    assert.ok(fromHex.key.equals(key));
    assert.deepEqual(await readdir(dataDir), []);
  });

  it('refuses a bad ZIGGY_MASTER_KEY without echoing it', async () => {
    const dataDir = await freshDir();
    const badValues = [
      'hunter2-not-a-key',
      randomBytes(16).toString('base64'),
      randomBytes(33).toString('hex'),
      'z'.repeat(64),
    ];
    for (const bad of badValues) {
      await assert.rejects(loadMasterKey({ dataDir, env: { ZIGGY_MASTER_KEY: bad } }), (error) =>
        assertRefused(error, /^ZIGGY_MASTER_KEY is not a valid master key: it must be 32 bytes/, bad),
      );
    }
  });

  it('refuses a key file that others can access and says how to fix it', async () => {
    const dataDir = await freshDir();
    const file = path.join(dataDir, masterKeyFileName);
    const key = randomBytes(32).toString('base64');
    await writeFile(file, key, { mode: 0o644 });
    await chmod(file, 0o644);
    await assert.rejects(loadMasterKey({ dataDir, env: {} }), (error) =>
      assertRefused(error, new RegExp(`mode 0644\\): run "chmod 600 ${file.replaceAll('.', '\\.')}"`), key),
    );
    assert.equal(await readFile(file, 'utf8'), key);
    await chmod(file, 0o600);
    assert.equal((await loadMasterKey({ dataDir, env: {} })).source, 'file');
  });

  it('refuses a key file that does not hold a 32-byte key without echoing it', async () => {
    const dataDir = await freshDir();
    const content = randomBytes(20).toString('base64');
    await writeFile(path.join(dataDir, masterKeyFileName), content, { mode: 0o600 });
    await assert.rejects(loadMasterKey({ dataDir, env: {} }), (error) =>
      assertRefused(error, /does not hold a valid master key/, content),
    );
  });

  it('gives every concurrent first start on an empty dir the same key', async () => {
    const dataDir = await freshDir();
    const results = await Promise.all(Array.from({ length: 10 }, () => loadMasterKey({ dataDir, env: {} })));
    const generated = results.filter((result) => result.source === 'generated');
    assert.equal(generated.length, 1);
    for (const result of results) assert.ok(result.key.equals(results[0]?.key ?? Buffer.alloc(0)));
    assert.deepEqual(await readdir(dataDir), [masterKeyFileName]);
  });
});

describe('parseMasterKey', () => {
  it('accepts exactly 32 bytes as base64 (padded or not) or hex', () => {
    const key = randomBytes(32);
    assert.ok(parseMasterKey(key.toString('base64'))?.equals(key));
    assert.ok(parseMasterKey(key.toString('base64').replace(/=$/, ''))?.equals(key));
    assert.ok(parseMasterKey(key.toString('hex'))?.equals(key));
    assert.equal(parseMasterKey(''), undefined);
    assert.equal(parseMasterKey(randomBytes(31).toString('base64')), undefined);
    assert.equal(parseMasterKey(randomBytes(32).toString('base64url').replace(/^./, '-')), undefined);
  });
});
