import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { openTempServices, postgresSource, type TempServices } from '../../test/support/temp-services.ts';

const actor = 'test:bob';
const devCanary = 'canary-dev-7f3a9c1e5b';
const prodCanary = 'canary-prod-2d8e4b6a0c';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('secret service', () => {
  let temp: TempServices;
  before(async () => {
    temp = await openTempServices();
  });
  after(() => temp.dispose());

  it('sets a dev value, then a prod value, and shows only which modes are set', async () => {
    const created = await temp.services.secrets.set(
      { name: 'API_KEY', value: devCanary, mode: 'dev', description: 'CRM key', tags: ['crm'] },
      actor,
    );
    assert.deepEqual(created.modes, { dev: true, prod: false });
    assert.equal(created.prodUsesDev, true);
    const both = await temp.services.secrets.set({ name: 'API_KEY', value: prodCanary, mode: 'prod' }, actor);
    assert.deepEqual(both.modes, { dev: true, prod: true });
    assert.equal(both.description, 'CRM key', 'setting a value keeps the description');
    const listed = JSON.stringify([await temp.services.secrets.list(), await temp.services.secrets.get('API_KEY')]);
    assert.ok(!listed.includes(devCanary) && !listed.includes(prodCanary), 'a read returned a value');
  });

  it('resolves values per mode, prod falling back to dev', async () => {
    assert.equal(await temp.services.secretValues.value('API_KEY', 'dev'), devCanary);
    assert.equal(await temp.services.secretValues.value('API_KEY', 'prod'), prodCanary);
    await temp.services.secrets.clearProd('API_KEY', actor);
    assert.equal(await temp.services.secretValues.value('API_KEY', 'prod'), devCanary);
    await temp.services.secrets.set({ name: 'API_KEY', value: prodCanary, mode: 'prod' }, actor);
  });

  it('refuses a prod value before the dev value, an empty value and a name that is not a variable name', async () => {
    const refused = (id: string) => (error: unknown) => error instanceof ZiggyError && error.id === id;
    await assert.rejects(temp.services.secrets.set({ name: 'NEW', value: 'x', mode: 'prod' }, actor), refused('bad_input'));
    await assert.rejects(temp.services.secrets.set({ name: 'EMPTY', value: '', mode: 'dev' }, actor), refused('bad_input'));
    for (const name of ['1ABC', 'with-dash', 'class', 'a b']) {
      await assert.rejects(temp.services.secrets.set({ name, value: 'x', mode: 'dev' }, actor), refused('name_invalid'));
    }
  });

  it('refuses to delete a secret a connection uses unless forced, and lists who uses it', async () => {
    await temp.services.secrets.set({ name: 'PG_PASSWORD', value: 'pw-canary-91c', mode: 'dev' }, actor);
    await temp.services.connections.create({ name: 'db', type: 'postgres', devSource: postgresSource() }, actor);
    assert.deepEqual((await temp.services.secrets.get('PG_PASSWORD')).usedBy, ['db']);
    await assert.rejects(temp.services.secrets.delete('PG_PASSWORD', {}, actor), (error: unknown) => {
      assert.ok(error instanceof ZiggyError);
      assert.equal(error.id, 'secret_in_use');
      assert.deepEqual(error.details?.['usedBy'], ['db']);
      return true;
    });
    await temp.services.secrets.delete('PG_PASSWORD', { force: true }, actor);
    await assert.rejects(temp.services.secrets.get('PG_PASSWORD'), (error: unknown) => error instanceof ZiggyError && error.id === 'secret_not_found');
  });

  it('audits every secret change without its value', async () => {
    const entries = await temp.services.audit.list({ entityType: 'secret' });
    assert.deepEqual(
      entries.filter((entry) => entry.entityName === 'API_KEY').map((entry) => entry.action).reverse(),
      ['secret.set', 'secret.set', 'secret.clear', 'secret.set'],
    );
    assert.ok(entries.some((entry) => entry.action === 'secret.delete' && entry.details['forced'] === true));
    assert.ok(!JSON.stringify(entries).includes('canary'));
  });

  it('updates description and tags without touching the stored values', async () => {
    const { secrets, store, secretValues } = temp.services;
    await secrets.set({ name: 'CRM_TOKEN', value: devCanary, mode: 'dev', description: 'old', tags: ['crm'] }, actor);
    await secrets.set({ name: 'CRM_TOKEN', value: prodCanary, mode: 'prod' }, actor);
    const before = await store.secrets.get('CRM_TOKEN');
    const updated = await secrets.update('CRM_TOKEN', { description: '  CRM API token ', tags: [' crm', 'api', 'crm', ' '] }, 'test:carol');
    assert.equal(updated.description, 'CRM API token');
    assert.deepEqual(updated.tags, ['crm', 'api']);
    assert.deepEqual(updated.modes, { dev: true, prod: true });
    assert.equal(updated.updatedBy, 'test:carol');
    const after = await store.secrets.get('CRM_TOKEN');
    assert.deepEqual([after?.dev, after?.prod, after?.createdBy], [before?.dev, before?.prod, actor], 'the ciphertexts were carried over');
    assert.equal(await secretValues.value('CRM_TOKEN', 'dev'), devCanary);
    assert.equal(await secretValues.value('CRM_TOKEN', 'prod'), prodCanary);

    const tagsOnly = await secrets.update('CRM_TOKEN', { tags: [] }, actor);
    assert.deepEqual([tagsOnly.description, tagsOnly.tags], ['CRM API token', []]);
  });

  it('audits an update with the changed field names only, and skips one that changes nothing', async () => {
    const { secrets, audit } = temp.services;
    const unchanged = await secrets.update('CRM_TOKEN', { description: 'CRM API token', tags: [] }, actor);
    assert.equal(unchanged.description, 'CRM API token');
    const entries = (await audit.list({ entityType: 'secret', entityName: 'CRM_TOKEN' })).filter((entry) => entry.action === 'secret.update');
    assert.deepEqual(entries.map((entry) => [entry.actor, entry.details]).reverse(), [
      ['test:carol', { changed: ['description', 'tags'] }],
      [actor, { changed: ['tags'] }],
    ]);
    assert.ok(!JSON.stringify(entries).includes('canary'));
  });

  it('refuses an update of a missing secret and one that gives no field', async () => {
    const refused = (id: string) => (error: unknown) => error instanceof ZiggyError && error.id === id;
    await assert.rejects(temp.services.secrets.update('NO_SUCH', { description: 'x' }, actor), refused('secret_not_found'));
    await assert.rejects(temp.services.secrets.update('CRM_TOKEN', {}, actor), refused('bad_input'));
  });

  it('keeps values and the master key out of every file but master.key', async () => {
    const masterKey = (await readFile(path.join(temp.dataDir, 'master.key'), 'utf8')).trim();
    const needles = [devCanary, prodCanary, 'pw-canary-91c', masterKey, Buffer.from(masterKey, 'base64').toString('hex')];
    const files = (await filesUnder(temp.dataDir)).filter((file) => path.basename(file) !== 'master.key');
    assert.ok(files.length > 0);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const needle of needles) {
        assert.equal(bytes.includes(needle), false, `${path.basename(file)} contains a secret or the key`);
        assert.equal(bytes.includes(Buffer.from(needle, 'utf16le')), false, `${path.basename(file)} contains a secret or the key`);
      }
    }
  });
});
