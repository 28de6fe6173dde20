import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { modes, sameRoleInModes, type Mode, type ModeRoles, type Role } from '../../src/core/index.ts';
import { buildServer, routeTable } from '../../src/server/app.ts';
import { principalFor, roleNames, startHarness, type Harness } from './harness.ts';

type Access = 'public' | 'authenticated' | 'read' | 'run' | 'write' | 'admin';
type Permission = 'read' | 'run' | 'write' | 'admin';
/** A route whose permission applies in the mode it acts in, with what it needs in each mode. */
type PerMode = Record<Mode, Permission>;
const inMode = (dev: Permission, prod: Permission = dev): PerMode => ({ dev, prod });

/**
 * The permission table of the REST contract, written out here so the server is checked against
 * it, not against itself. A plain permission is needed in every mode; a per-mode entry in the
 * mode the request acts in (docs/api.md, "Roles per mode").
 */
const contract: Record<string, Access | PerMode> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'authenticated',
  'GET /api/auth/me': 'authenticated',
  'PUT /api/auth/password': 'authenticated',
  'GET /api/connections': 'read',
  'POST /api/connections': 'write',
  'GET /api/connections/:name': 'read',
  'GET /api/connections/:name/sources/:mode': inMode('read', 'write'),
  'PATCH /api/connections/:name': inMode('write'),
  'DELETE /api/connections/:name': 'write',
  'GET /api/connections/:name/revisions': 'read',
  'POST /api/connections/:name/revisions/:revision/restore': 'write',
  'POST /api/connections/:name/test': inMode('run'),
  'POST /api/connections/test': inMode('write'),
  'GET /api/secrets': 'read',
  'GET /api/secrets/:name': 'read',
  'PUT /api/secrets/:name': inMode('write'),
  'PATCH /api/secrets/:name': inMode('write'),
  'DELETE /api/secrets/:name/prod': inMode('write'),
  'DELETE /api/secrets/:name': 'write',
  'GET /api/types': 'read',
  'GET /api/types/:id': 'read',
  'GET /api/audit': 'admin',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:username': 'admin',
  'DELETE /api/users/:username': 'admin',
  'GET /api/plugins': 'admin',
  'POST /api/plugins': 'admin',
  'DELETE /api/plugins/:name': 'admin',
  'GET /api/tokens': 'authenticated',
  'POST /api/tokens': 'authenticated',
  'DELETE /api/tokens/:id': 'authenticated',
  'GET /api/settings': 'read',
  'PUT /api/settings': 'admin',
  'POST /api/blocks/run': inMode('write'),
  'GET /api/blocks': 'read',
  'GET /api/blocks/:name': 'read',
  'PUT /api/blocks/:name': 'write',
  'DELETE /api/blocks/:name': 'write',
  'POST /api/blocks/:name/run': inMode('run'),
  'POST /api/operations/run': inMode('run'),
  'GET /api/runs': inMode('run'),
  'GET /api/runs/:id': inMode('run'),
  'GET /api/connections/:name/files': inMode('run'),
  'GET /api/connections/:name/files/stat': inMode('run'),
  'GET /api/connections/:name/files/content': inMode('run'),
  'PUT /api/connections/:name/files/content': inMode('run'),
  'DELETE /api/connections/:name/files': inMode('run'),
  'GET /*': 'public',
};

/** The weakest role holding each permission, per the contract: read = all, run = operator+, write = editor+. */
const weakestRole: Record<Permission, Role> = { read: 'viewer', run: 'operator', write: 'editor', admin: 'admin' };
const strength: Record<Role, number> = { viewer: 0, operator: 1, editor: 2, admin: 3 };
const grants = (role: Role, permission: Permission) => strength[role] >= strength[weakestRole[permission]];

interface Fixture {
  path: string;
  body?: unknown;
}

/**
 * One request per route that, once past auth, changes nothing that matters: bodies that fail
 * validation (checked only after auth) and names that do not exist. So a denied caller gets
 * 401/403 and an allowed one gets anything else. A per-mode route has one request per mode it
 * can act in, each valid up to the role check (which comes before any lookup); the runs named
 * by `:id` are stored by the test, one per mode. A call that names no mode acts in the server's
 * default mode, dev here.
 */
const fixtures: Record<string, Fixture | Partial<Record<Mode, Fixture>>> = {
  'GET /healthz': { path: '/healthz' },
  'GET /readyz': { path: '/readyz' },
  'GET /api/openapi.json': { path: '/api/openapi.json' },
  'POST /api/auth/login': { path: '/api/auth/login', body: { username: 'nobody' } },
  'POST /api/auth/logout': { path: '/api/auth/logout' },
  'GET /api/auth/me': { path: '/api/auth/me' },
  'PUT /api/auth/password': { path: '/api/auth/password', body: { currentPassword: 'only-one-field' } },
  'GET /api/connections': { path: '/api/connections' },
  'POST /api/connections': { path: '/api/connections', body: { name: 'matrix' } },
  'GET /api/connections/:name': { path: '/api/connections/matrix' },
  'GET /api/connections/:name/sources/:mode': {
    dev: { path: '/api/connections/matrix/sources/dev' },
    prod: { path: '/api/connections/matrix/sources/PROD' },
  },
  'PATCH /api/connections/:name': {
    // A stale version: an allowed caller gets 409, and nothing changes.
    dev: { path: '/api/connections/matrix-kept', body: { devSource: "{ host: 'changed' }", version: 999 } },
    prod: { path: '/api/connections/matrix-kept', body: { prodSource: "{ host: 'changed' }", version: 999 } },
  },
  'DELETE /api/connections/:name': { path: '/api/connections/matrix' },
  'GET /api/connections/:name/revisions': { path: '/api/connections/matrix/revisions' },
  'POST /api/connections/:name/revisions/:revision/restore': { path: '/api/connections/matrix/revisions/1/restore' },
  'POST /api/connections/:name/test': {
    dev: { path: '/api/connections/matrix/test', body: { mode: 'dev' } },
    prod: { path: '/api/connections/matrix/test', body: { mode: 'prod' } },
  },
  'POST /api/connections/test': {
    dev: { path: '/api/connections/test', body: { type: 'no-such-type', source: '{}', mode: 'dev' } },
    prod: { path: '/api/connections/test', body: { type: 'no-such-type', source: '{}', mode: 'prod' } },
  },
  'GET /api/secrets': { path: '/api/secrets' },
  'GET /api/secrets/:name': { path: '/api/secrets/MATRIX' },
  'PUT /api/secrets/:name': {
    // Not a valid secret name: refused after the role check.
    dev: { path: '/api/secrets/1MATRIX', body: { value: 'v', mode: 'dev' } },
    prod: { path: '/api/secrets/1MATRIX', body: { value: 'v', mode: 'prod' } },
  },
  'PATCH /api/secrets/:name': { dev: { path: '/api/secrets/MATRIX', body: { description: 'x' } } },
  'DELETE /api/secrets/:name/prod': { prod: { path: '/api/secrets/MATRIX/prod' } },
  'DELETE /api/secrets/:name': { path: '/api/secrets/MATRIX' },
  'GET /api/types': { path: '/api/types' },
  'GET /api/types/:id': { path: '/api/types/postgres' },
  'GET /api/audit': { path: '/api/audit?limit=5' },
  'GET /api/users': { path: '/api/users' },
  'POST /api/users': { path: '/api/users', body: { username: 'matrix' } },
  'PATCH /api/users/:username': { path: '/api/users/nobody', body: { disabled: true } },
  'DELETE /api/users/:username': { path: '/api/users/nobody' },
  'GET /api/plugins': { path: '/api/plugins' },
  // A spec that is no package name: refused before npm runs, so the matrix installs nothing.
  'POST /api/plugins': { path: '/api/plugins', body: { spec: 'not a package!' } },
  'DELETE /api/plugins/:name': { path: '/api/plugins/nobody' },
  'GET /api/tokens': { path: '/api/tokens' },
  'POST /api/tokens': { path: '/api/tokens', body: { role: 'viewer' } },
  'DELETE /api/tokens/:id': { path: '/api/tokens/no-such-token' },
  'GET /api/settings': { path: '/api/settings' },
  'PUT /api/settings': { path: '/api/settings', body: { defaultMode: 'staging' } },
  'POST /api/blocks/run': {
    // Code that does not parse: a failed run for an allowed caller.
    dev: { path: '/api/blocks/run', body: { code: '(', mode: 'dev' } },
    prod: { path: '/api/blocks/run', body: { code: '(', mode: 'prod' } },
  },
  'GET /api/blocks': { path: '/api/blocks' },
  'GET /api/blocks/:name': { path: '/api/blocks/matrix' },
  'PUT /api/blocks/:name': { path: '/api/blocks/matrix', body: { description: 'no code' } },
  'DELETE /api/blocks/:name': { path: '/api/blocks/matrix' },
  'POST /api/blocks/:name/run': {
    dev: { path: '/api/blocks/matrix/run', body: { mode: 'dev' } },
    prod: { path: '/api/blocks/matrix/run?mode=PROD' },
  },
  'POST /api/operations/run': {
    dev: { path: '/api/operations/run', body: { connection: 'matrix', operation: 'query', params: {}, mode: 'dev' } },
    prod: { path: '/api/operations/run', body: { connection: 'matrix', operation: 'query', params: {}, mode: 'prod' } },
  },
  'GET /api/runs': { dev: { path: '/api/runs?limit=5&mode=dev' }, prod: { path: '/api/runs?limit=5&mode=PROD' } },
  'GET /api/runs/:id': { dev: { path: '/api/runs/matrix-dev-run' }, prod: { path: '/api/runs/matrix-prod-run' } },
  // No connection "matrix": an allowed caller gets 404 after the role check.
  ...Object.fromEntries(
    [
      ['GET /api/connections/:name/files', '/files'],
      ['GET /api/connections/:name/files/stat', '/files/stat'],
      ['GET /api/connections/:name/files/content', '/files/content'],
      ['PUT /api/connections/:name/files/content', '/files/content'],
      ['DELETE /api/connections/:name/files', '/files'],
    ].map(([key, suffix]) => [key, { dev: { path: `/api/connections/matrix${suffix}?path=a.csv&mode=dev` }, prod: { path: `/api/connections/matrix${suffix}?path=a.csv&mode=prod` } }]),
  ),
  'GET /*': { path: '/assets/matrix.js' },
};

type Caller = { name: string; roles: ModeRoles } | 'anonymous';

function isPerMode(access: Access | PerMode): access is PerMode {
  return typeof access === 'object';
}

function allowed(access: Access | PerMode, caller: Caller, mode: Mode | undefined): boolean {
  if (access === 'public') return true;
  if (caller === 'anonymous') return false;
  if (access === 'authenticated') return true;
  if (isPerMode(access)) {
    if (mode === undefined) throw new Error('a per-mode route needs a fixture per mode');
    return grants(caller.roles[mode], access[mode]);
  }
  return modes.every((each) => grants(caller.roles[each], access));
}

/** The permission a route declares: for a per-mode route, the weakest it needs in any mode. */
function declared(access: Access | PerMode): Access {
  if (!isPerMode(access)) return access;
  return modes.map((mode) => access[mode]).sort((a, b) => strength[weakestRole[a]] - strength[weakestRole[b]])[0] ?? 'admin';
}

function fixturesOf(key: string): Array<[Mode | undefined, Fixture]> {
  const fixture = fixtures[key];
  if (fixture === undefined) return [];
  if ('path' in fixture && typeof fixture.path === 'string') return [[undefined, fixture as Fixture]];
  const perMode = fixture as Partial<Record<Mode, Fixture>>;
  return modes.flatMap((mode) => (perMode[mode] === undefined ? [] : [[mode, perMode[mode]] as [Mode, Fixture]]));
}

describe('every route × every role per mode', () => {
  let harness: Harness;
  /** A token per pair of roles (dev, prod): the same role in both, and every split. */
  const callers: Array<{ name: string; roles: ModeRoles; token: string }> = [];
  before(async () => {
    harness = await startHarness();
    const { services } = harness.server;
    const admin = principalFor('admin', 'admin');
    for (const role of roleNames) callers.push({ name: role, roles: sameRoleInModes(role), token: harness.tokens[role] });
    for (const dev of roleNames) {
      for (const prod of roleNames) {
        if (dev === prod) continue;
        const username = `${dev}-${prod}`;
        await services.users.create({ username, password: `split-${harness.adminPassword}`, roles: { dev, prod } }, admin.actor);
        const { token } = await services.tokens.create(admin, { name: 'matrix', username });
        callers.push({ name: `dev ${dev} / prod ${prod}`, roles: { dev, prod }, token });
      }
    }
    await services.connections.create(
      { name: 'matrix-kept', type: 'postgres', devSource: "{ host: 'dev.invalid' }", prodSource: "{ host: 'prod.invalid' }" },
      admin.actor,
    );
    for (const mode of modes) {
      await services.store.runs.insert({
        id: `matrix-${mode}-run`, target: { kind: 'code', codeHash: 'x' }, mode, startedBy: admin.actor,
        startedAt: new Date().toISOString(), durationMs: 1, status: 'ok', outputs: [], console: [], truncated: false,
      });
    }
  });
  after(() => harness.close());

  test('the route table is the contract: every route has a fixture and the contract permission', () => {
    const routes = routeTable(harness.server.app);
    assert.ok(routes.length > 0);
    for (const { method, url, permission, perMode } of routes) {
      const key = `${method} ${url}`;
      const access = contract[key];
      assert.ok(access !== undefined && fixturesOf(key).length > 0, `${key} has no fixture or contract here: add them so its access is checked`);
      assert.equal(permission, declared(access), `${key} declares "${permission}"; the contract says "${declared(access)}"`);
      assert.equal(perMode, isPerMode(access), `${key}: per mode is ${perMode}, the contract says ${isPerMode(access)}`);
      for (const [mode] of fixturesOf(key)) assert.equal(mode !== undefined, perMode, `${key}: fixtures per mode exactly when the route is`);
    }
    assert.deepEqual(routes.map(({ method, url }) => `${method} ${url}`).sort(), Object.keys(contract).sort());
  });

  test('each pair of roles gets exactly what the contract grants in each mode: anonymous 401, a weaker role 403', async () => {
    const failures: string[] = [];
    for (const { method, url } of routeTable(harness.server.app)) {
      const key = `${method} ${url}`;
      const access = contract[key];
      assert.ok(access !== undefined, `${key} is not in the contract`);
      for (const [mode, fixture] of fixturesOf(key)) {
        for (const caller of [...callers, 'anonymous'] as const) {
          const token = caller === 'anonymous' ? undefined : caller.token;
          const reply = await harness.request(method, fixture.path, { token, body: fixture.body });
          const expected = allowed(access, caller, mode);
          const denial = caller === 'anonymous' ? 401 : 403;
          const ok = expected ? reply.status !== 401 && reply.status !== 403 && reply.status < 500 : reply.status === denial;
          const who = caller === 'anonymous' ? caller : caller.name;
          if (!ok) failures.push(`${key}${mode ? ` in ${mode}` : ''} as ${who}: ${reply.status} ${reply.text.slice(0, 160)} (expected ${expected ? 'allowed' : denial})`);
          if (!expected && reply.body?.error !== (caller === 'anonymous' ? 'unauthorized' : 'forbidden')) failures.push(`${key} as ${who}: error ${reply.body?.error}`);
        }
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
