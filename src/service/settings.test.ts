import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ZiggyError } from '../core/index.ts';
import { openTempServices, type TempServices } from '../../test/support/temp-services.ts';
import type { Settings } from './auth-types.ts';

describe('settings service (through openServices)', () => {
  let temp: TempServices;
  before(async () => {
    temp = await openTempServices();
  });
  after(() => temp.dispose());

  it('defaults to dev mode, stores a change, and audits only real changes', async () => {
    const { settings, store } = temp.services;
    assert.deepEqual(await settings.get(), { defaultMode: 'dev' });
    assert.deepEqual(await settings.update({ defaultMode: 'PROD' as Settings['defaultMode'] }, 'user:admin'), { defaultMode: 'prod' });
    assert.deepEqual(await settings.get(), { defaultMode: 'prod' });
    assert.deepEqual(await settings.update({ defaultMode: 'prod' }, 'user:root'), { defaultMode: 'prod' });
    assert.deepEqual(await settings.update({}, 'user:root'), { defaultMode: 'prod' });
    const entries = await store.audit.list({ entityType: 'setting' });
    assert.deepEqual(entries.map((entry) => [entry.action, entry.entityName, entry.actor, entry.details]), [
      ['setting.update', 'defaultMode', 'user:admin', { value: 'prod', previous: 'dev' }],
    ]);
  });

  it('refuses an unknown mode or setting', async () => {
    const { settings } = temp.services;
    await assert.rejects(settings.update({ defaultMode: 'staging' as Settings['defaultMode'] }, 'user:admin'), (error: unknown) => {
      assert.ok(error instanceof ZiggyError);
      assert.equal(error.id, 'mode_invalid');
      return true;
    });
    await assert.rejects(settings.update({ theme: 'dark' } as Partial<Settings>, 'user:admin'), (error: unknown) => {
      assert.ok(error instanceof ZiggyError);
      assert.equal(error.message, 'Unknown setting "theme": known settings are defaultMode.');
      return true;
    });
  });

  it('opens the auth, user and token services on the same store', async () => {
    const { auth, users, tokens } = temp.services;
    const { oneTimePassword } = await auth.bootstrapAdmin({});
    assert.ok(oneTimePassword);
    const login = await auth.login('admin', oneTimePassword, '127.0.0.1');
    const session = await auth.session(login.sessionId);
    assert.deepEqual(session?.principal.roles, { dev: 'admin', prod: 'admin' });
    assert.deepEqual((await users.list()).map((user) => user.username), ['admin']);
    const { token } = await tokens.create(session.principal, { name: 'cli' });
    assert.equal((await auth.token(token))?.actor, 'token:admin/cli');
  });
});
