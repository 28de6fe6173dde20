import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openServices, type OpenedServices } from '../src/service/index.ts';
import { rejectsWith } from './support/rejects-with.ts';
import { postgresDatabases } from './support/postgres-databases.ts';

// Two service instances, as two `ziggy serve` processes behind a load balancer would open them: one PostgreSQL store, one master key.
const databases = postgresDatabases('ziggy_shared_limit');
const adminPassword = 'correct horse battery staple';
let root: string;
let first: OpenedServices;
let second: OpenedServices;

before(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-shared-limit-'));
  const storeUrl = await databases.fresh('store');
  const env = { ZIGGY_MASTER_KEY: randomBytes(32).toString('base64'), ZIGGY_ADMIN_PASSWORD: adminPassword };
  first = await openServices({ dataDir: path.join(root, 'a'), storeUrl, env });
  second = await openServices({ dataDir: path.join(root, 'b'), storeUrl, env });
  await first.auth.bootstrapAdmin(env);
});
after(async () => {
  await Promise.all([first?.close(), second?.close()]);
  await databases.dropAll();
  await rm(root, { recursive: true, force: true });
});

async function fails(instance: OpenedServices, username: string, address: string): Promise<void> {
  await assert.rejects(instance.auth.login(username, 'wrong password!', address), rejectsWith('unauthorized'));
}

async function limited(instance: OpenedServices, username: string, password: string, address: string): Promise<void> {
  await assert.rejects(instance.auth.login(username, password, address), rejectsWith('rate_limited'));
}

test('failures on one instance make the other refuse the username, even with the right password; a success on either clears them', async () => {
  for (let attempt = 0; attempt < 9; attempt += 1) await fails(first, 'admin', `10.20.0.${attempt}`);
  await second.auth.login('admin', adminPassword, '10.20.1.1');
  // The success on the second instance cleared the count the first one kept: ten more failures before the limit.
  for (let attempt = 0; attempt < 10; attempt += 1) await fails(first, 'admin', `10.20.2.${attempt}`);
  await limited(second, 'admin', adminPassword, '10.20.3.1');
  await limited(first, 'admin', adminPassword, '10.20.3.1');
});

test('an address that failed on both instances is refused on both after 20 failures in all', async () => {
  for (let attempt = 0; attempt < 20; attempt += 1) await fails(attempt % 2 === 0 ? first : second, `guess${attempt}`, '198.51.100.40');
  await limited(first, 'nobody', 'wrong password!', '198.51.100.40');
  await limited(second, 'nobody', 'wrong password!', '198.51.100.40');
  await fails(second, 'nobody', '198.51.100.41');
});
