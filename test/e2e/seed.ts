import { principalFor } from '../server/harness.ts';
import type { UiServer } from './server.ts';

export interface Seeded {
  connection: string;
  block: string;
  runId: string;
}

/**
 * Fills a fresh server over its REST API, as a program with an admin token would: a secret, two
 * Postgres connections (one tested and working, one with a production object that fails), a user,
 * a saved block and a run of it. Every page then has something to show.
 */
export async function seedExampleData(ui: UiServer): Promise<Seeded> {
  const { token } = await ui.server.services.tokens.create(principalFor('admin', 'admin'), { name: 'e2e-seed' });
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${ui.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  const source = (port: number) => `{\n    host: '127.0.0.1',\n    user: 'postgres',\n    password: secrets.PG_PASSWORD,\n    database: 'test',\n    port: ${port}\n}`;

  await call('PUT', '/api/secrets/PG_PASSWORD', { value: 'seeded-password', description: 'Password of the test database', tags: ['database'] });
  await call('POST', '/api/connections', { name: 'warehouse', type: 'postgres', description: 'The test database', tags: ['database'], devSource: source(5432) });
  await call('POST', '/api/connections/warehouse/test', { mode: 'dev' });
  await call('PATCH', '/api/connections/warehouse', { description: 'The test database, where the blocks read' });
  await call('POST', '/api/connections', { name: 'reporting', type: 'postgres', description: 'Reports; production not reachable here', devSource: source(5432), prodSource: source(1) });
  await call('POST', '/api/connections/reporting/test', { mode: 'dev' });
  await call('POST', '/api/connections/reporting/test', { mode: 'prod' });
  await call('POST', '/api/users', { username: 'viewer-ann', password: 'viewer-password-123', role: 'viewer' });
  const block = 'select-one';
  const code = `async function () {\n  consoleMsg('reading');\n  return (await connections.warehouse.query('select 1 as n')).rows;\n}\n`;
  await call('PUT', `/api/blocks/${block}`, { code, description: 'Reads select 1 from warehouse' });
  const run = await call('POST', `/api/blocks/${block}/run`, { inputs: [] });
  return { connection: 'warehouse', block, runId: run.id };
}
