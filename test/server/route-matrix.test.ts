import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '../../src/core/index.ts';
import { buildServer, routeTable } from '../../src/server/app.ts';
import { roleNames, startHarness, type Harness } from './harness.ts';

type Access = 'public' | 'authenticated' | 'read' | 'run' | 'write' | 'admin';

/** The permission table of the REST contract, written out here so the server is checked against it, not against itself. */
const contract: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/auth/me': 'authenticated',
  'PUT /api/auth/password': 'authenticated',
  'GET /api/connections': 'read',
  'POST /api/connections': 'write',
  'GET /api/connections/:name': 'read',
  'PATCH /api/connections/:name': 'write',
  'DELETE /api/connections/:name': 'write',
  'GET /api/connections/:name/revisions': 'read',
  'POST /api/connections/:name/revisions/:revision/restore': 'write',
  'POST /api/connections/:name/test': 'run',
  'POST /api/connections/test': 'write',
  'GET /api/secrets': 'read',
  'GET /api/secrets/:name': 'read',
  'PUT /api/secrets/:name': 'write',
  'PATCH /api/secrets/:name': 'write',
  'DELETE /api/secrets/:name/prod': 'write',
  'DELETE /api/secrets/:name': 'write',
  'GET /api/types': 'read',
  'GET /api/types/:id': 'read',
  'GET /api/audit': 'admin',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:username': 'admin',
  'DELETE /api/users/:username': 'admin',
  'GET /api/tokens': 'authenticated',
  'POST /api/tokens': 'authenticated',
  'DELETE /api/tokens/:id': 'authenticated',
  'GET /api/settings': 'read',
  'PUT /api/settings': 'admin',
  'POST /api/blocks/run': 'run',
  'GET /api/blocks': 'read',
  'GET /api/blocks/:name': 'read',
  'PUT /api/blocks/:name': 'write',
  'DELETE /api/blocks/:name': 'write',
  'POST /api/blocks/:name/run': 'run',
  'POST /api/operations/run': 'run',
  'GET /api/runs': 'run',
  'GET /api/runs/:id': 'run',
  'GET /*': 'public',
};

/** The weakest role holding each permission, per the contract: read = all, run = operator+, write = editor+. */
const weakestRole: Record<'read' | 'run' | 'write' | 'admin', Role> = { read: 'viewer', run: 'operator', write: 'editor', admin: 'admin' };
const strength: Record<Role, number> = { viewer: 0, operator: 1, editor: 2, admin: 3 };

/**
 * One request per route that, once past auth, changes nothing that matters: bodies that fail
 * validation (checked only after auth) and names that do not exist. So a denied caller gets
 * 401/403 and an allowed one gets anything else.
 */
const fixtures: Record<string, { path: string; body?: unknown }> = {
  'GET /healthz': { path: '/healthz' },
  'GET /api/openapi.json': { path: '/api/openapi.json' },
  'POST /api/auth/login': { path: '/api/auth/login', body: { username: 'nobody' } },
  'POST /api/auth/logout': { path: '/api/auth/logout' },
  'GET /api/auth/me': { path: '/api/auth/me' },
  'PUT /api/auth/password': { path: '/api/auth/password', body: { currentPassword: 'only-one-field' } },
  'GET /api/connections': { path: '/api/connections' },
  'POST /api/connections': { path: '/api/connections', body: { name: 'matrix' } },
  'GET /api/connections/:name': { path: '/api/connections/matrix' },
  'PATCH /api/connections/:name': { path: '/api/connections/matrix', body: { description: 'x' } },
  'DELETE /api/connections/:name': { path: '/api/connections/matrix' },
  'GET /api/connections/:name/revisions': { path: '/api/connections/matrix/revisions' },
  'POST /api/connections/:name/revisions/:revision/restore': { path: '/api/connections/matrix/revisions/1/restore' },
  'POST /api/connections/:name/test': { path: '/api/connections/matrix/test', body: { mode: 'dev' } },
  'POST /api/connections/test': { path: '/api/connections/test', body: { type: 'postgres' } },
  'GET /api/secrets': { path: '/api/secrets' },
  'GET /api/secrets/:name': { path: '/api/secrets/MATRIX' },
  'PUT /api/secrets/:name': { path: '/api/secrets/MATRIX', body: { mode: 'dev' } },
  'PATCH /api/secrets/:name': { path: '/api/secrets/MATRIX', body: { value: 'not allowed here' } },
  'DELETE /api/secrets/:name/prod': { path: '/api/secrets/MATRIX/prod' },
  'DELETE /api/secrets/:name': { path: '/api/secrets/MATRIX' },
  'GET /api/types': { path: '/api/types' },
  'GET /api/types/:id': { path: '/api/types/postgres' },
  'GET /api/audit': { path: '/api/audit?limit=5' },
  'GET /api/users': { path: '/api/users' },
  'POST /api/users': { path: '/api/users', body: { username: 'matrix' } },
  'PATCH /api/users/:username': { path: '/api/users/nobody', body: { disabled: true } },
  'DELETE /api/users/:username': { path: '/api/users/nobody' },
  'GET /api/tokens': { path: '/api/tokens' },
  'POST /api/tokens': { path: '/api/tokens', body: { role: 'viewer' } },
  'DELETE /api/tokens/:id': { path: '/api/tokens/no-such-token' },
  'GET /api/settings': { path: '/api/settings' },
  'PUT /api/settings': { path: '/api/settings', body: { defaultMode: 'staging' } },
  'POST /api/blocks/run': { path: '/api/blocks/run', body: { mode: 'dev' } },
  'GET /api/blocks': { path: '/api/blocks' },
  'GET /api/blocks/:name': { path: '/api/blocks/matrix' },
  'PUT /api/blocks/:name': { path: '/api/blocks/matrix', body: { description: 'no code' } },
  'DELETE /api/blocks/:name': { path: '/api/blocks/matrix' },
  'POST /api/blocks/:name/run': { path: '/api/blocks/matrix/run', body: { mode: 'dev' } },
  'POST /api/operations/run': { path: '/api/operations/run', body: { connection: 'matrix' } },
  'GET /api/runs': { path: '/api/runs?limit=5' },
  'GET /api/runs/:id': { path: '/api/runs/no-such-run' },
  'GET /*': { path: '/assets/matrix.js' },
};

function allowed(access: Access, role: Role | 'anonymous'): boolean {
  if (access === 'public') return true;
  if (role === 'anonymous') return false;
  if (access === 'authenticated') return true;
  return strength[role] >= strength[weakestRole[access]];
}

describe('every route × every role', () => {
  let harness: Harness;
  before(async () => {
    harness = await startHarness();
  });
  after(() => harness.close());

  test('the route table is the contract: every route has a fixture and the contract permission', () => {
    const routes = routeTable(harness.server.app);
    assert.ok(routes.length > 0);
    for (const { method, url, permission } of routes) {
      const key = `${method} ${url}`;
      assert.ok(key in fixtures, `${key} has no fixture here: add one so its access is checked`);
      assert.equal(permission, contract[key], `${key} declares "${permission}"; the contract says "${contract[key]}"`);
    }
    assert.deepEqual(routes.map(({ method, url }) => `${method} ${url}`).sort(), Object.keys(contract).sort());
  });

  test('each role gets exactly what the contract grants: anonymous 401, a weaker role 403', async () => {
    const failures: string[] = [];
    for (const { method, url } of routeTable(harness.server.app)) {
      const key = `${method} ${url}`;
      const fixture = fixtures[key];
      const access = contract[key];
      assert.ok(fixture !== undefined && access !== undefined, `${key} is not in the contract`);
      for (const role of [...roleNames, 'anonymous'] as const) {
        const token = role === 'anonymous' ? undefined : harness.tokens[role];
        const reply = await harness.request(method, fixture.path, { token, body: fixture.body });
        const expected = allowed(access, role);
        const denial = role === 'anonymous' ? 401 : 403;
        const ok = expected ? reply.status !== 401 && reply.status !== 403 && reply.status < 500 : reply.status === denial;
        if (!ok) failures.push(`${key} as ${role}: ${reply.status} ${reply.text.slice(0, 160)} (expected ${expected ? 'allowed' : denial})`);
        if (!expected) assert.equal(reply.body?.error, role === 'anonymous' ? 'unauthorized' : 'forbidden');
      }
    }
    assert.deepEqual(failures, []);
  });

  test('a route that declares no permission stops the server from starting', async () => {
    const app = buildServer(harness.server.services, { logger: { destination: { write: () => undefined } } });
    await assert.rejects(
      async () => {
        app.get('/api/unguarded', async () => 'open');
        await app.ready();
      },
      /GET \/api\/unguarded must declare config\.permission/,
    );
    await app.close().catch(() => undefined);
  });
});
