import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isZiggyError, type ZiggyError } from '../core/index.ts';
import { openRemoteServices, tokenRefusedMessage, type RemoteServices } from './remote-services.ts';

// A tiny HTTP server answering with canned bodies, to see exactly what the client sends and
// how it reads each kind of answer. The real server is exercised in test/cli-remote.test.ts.

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

interface Canned {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

describe('remote services client', () => {
  let server: Server;
  let url: string;
  let seen: Seen[] = [];
  let answer: (request: IncomingMessage) => Canned = () => ({ status: 204 });

  before(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          url: request.url ?? '',
          authorization: request.headers.authorization,
          contentType: request.headers['content-type'],
          body: text === '' ? undefined : JSON.parse(text),
        });
        const canned = answer(request);
        response.writeHead(canned.status, { 'content-type': 'application/json', ...canned.headers });
        response.end(canned.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const remote = (token = 'tok-123'): RemoteServices => openRemoteServices({ server: `${url}/`, token });
  const json = (status: number, body: unknown, headers?: Record<string, string>): Canned => ({ status, body: JSON.stringify(body), headers });

  async function rejection(promise: Promise<unknown>): Promise<ZiggyError> {
    try {
      await promise;
    } catch (error) {
      assert.ok(isZiggyError(error), `not a ZiggyError: ${String(error)}`);
      return error;
    }
    assert.fail('expected a rejection');
  }

  test('each service method calls its route, with the bearer token and JSON bodies', async () => {
    answer = (request) => {
      const lists: Record<string, unknown> = {
        '/api/connections': { connections: [{ name: 'a' }] },
        '/api/connections/a%2Fb%20c/revisions': { revisions: [{ revision: 1 }] },
        '/api/secrets': { secrets: [{ name: 'S' }] },
        '/api/types': { types: [{ id: 'postgres' }] },
      };
      if (request.method === 'GET' && request.url?.startsWith('/api/audit')) return json(200, { entries: [{ id: 7 }] });
      if (request.method === 'GET' && request.url !== undefined && lists[request.url] !== undefined) return json(200, lists[request.url]);
      return request.method === 'DELETE' && !request.url?.endsWith('/prod') ? { status: 204 } : json(200, { ok: true });
    };
    seen = [];
    const services = remote();
    const name = 'a/b c';
    assert.deepEqual(await services.connections.list(), [{ name: 'a' }]);
    await services.connections.get(name);
    await services.connections.create({ name, type: 'postgres', devSource: '{}', prodSource: null }, 'ignored');
    await services.connections.update(name, { description: 'd', version: 2 }, 'ignored');
    assert.equal(await services.connections.delete(name, 'ignored'), undefined);
    assert.deepEqual(await services.connections.history(name), [{ revision: 1 }]);
    await services.connections.restore(name, 3, 'ignored', 4);
    await services.connections.restore(name, 3, 'ignored');
    await services.connections.test(name, { mode: 'prod', timeoutMs: 500 }, 'ignored');
    await services.connections.testDraft({ type: 'postgres', source: '{}' }, { mode: 'dev' }, 'ignored');
    assert.deepEqual(await services.secrets.list(), [{ name: 'S' }]);
    await services.secrets.get('S');
    await services.secrets.set({ name: 'S', value: 'v', mode: 'prod', tags: ['t'] }, 'ignored');
    await services.secrets.update('S', { tags: ['u'] }, 'ignored');
    await services.secrets.clearProd('S', 'ignored');
    await services.secrets.delete('S', {}, 'ignored');
    await services.secrets.delete('S', { force: true }, 'ignored');
    assert.deepEqual(await services.types.list(), [{ id: 'postgres' }]);
    await services.types.get('postgres');
    assert.deepEqual(await services.audit.list({ entityType: 'secret', limit: 5 }), [{ id: 7 }]);

    const enc = 'a%2Fb%20c';
    assert.deepEqual(
      seen.map(({ method, url: path, body }) => [method, path, body]),
      [
        ['GET', '/api/connections', undefined],
        ['GET', `/api/connections/${enc}`, undefined],
        ['POST', '/api/connections', { name, type: 'postgres', devSource: '{}', prodSource: null }],
        ['PATCH', `/api/connections/${enc}`, { description: 'd', version: 2 }],
        ['DELETE', `/api/connections/${enc}`, undefined],
        ['GET', `/api/connections/${enc}/revisions`, undefined],
        ['POST', `/api/connections/${enc}/revisions/3/restore`, { version: 4 }],
        ['POST', `/api/connections/${enc}/revisions/3/restore`, {}],
        ['POST', `/api/connections/${enc}/test`, { mode: 'prod', timeoutMs: 500 }],
        ['POST', '/api/connections/test', { type: 'postgres', source: '{}', mode: 'dev' }],
        ['GET', '/api/secrets', undefined],
        ['GET', '/api/secrets/S', undefined],
        ['PUT', '/api/secrets/S', { value: 'v', mode: 'prod', tags: ['t'] }],
        ['PATCH', '/api/secrets/S', { tags: ['u'] }],
        ['DELETE', '/api/secrets/S/prod', undefined],
        ['DELETE', '/api/secrets/S', undefined],
        ['DELETE', '/api/secrets/S?force=true', undefined],
        ['GET', '/api/types', undefined],
        ['GET', '/api/types/postgres', undefined],
        ['GET', '/api/audit?entityType=secret&limit=5', undefined],
      ],
    );
    assert.ok(seen.every((request) => request.authorization === 'Bearer tok-123'));
    assert.ok(seen.every((request) => (request.body === undefined) === (request.contentType === undefined)));
  });

  test('whoami reads the user and how they signed in', async () => {
    answer = () => json(200, { user: { username: 'eve', roles: { dev: 'editor', prod: 'editor' } }, via: 'token' });
    assert.deepEqual(await remote().whoami(), { user: { username: 'eve', roles: { dev: 'editor', prod: 'editor' } }, via: 'token' });
  });

  test('an error body becomes the ZiggyError the server threw, details and all', async () => {
    const details = { mode: 'dev', line: 2, column: 20, hint: 'add a comma' };
    answer = () => json(400, { error: 'config_syntax', message: 'Development config: Line 2, column 20.', details });
    const error = await rejection(remote().connections.create({ name: 'x', type: 'postgres', devSource: '{' }, 'ignored'));
    assert.deepEqual([error.id, error.status, error.message, error.details], ['config_syntax', 400, 'Development config: Line 2, column 20.', details]);

    answer = () => json(409, { error: 'version_conflict', message: 'changed by someone else' });
    const conflict = await rejection(remote().connections.update('x', { version: 1 }, 'ignored'));
    assert.deepEqual([conflict.id, conflict.status, conflict.details], ['version_conflict', 409, undefined]);
  });

  test('an unknown error id becomes internal, keeping the message', async () => {
    answer = () => json(418, { error: 'teapot', message: 'I am a teapot.' });
    const error = await rejection(remote().types.list());
    assert.deepEqual([error.id, error.status, error.message], ['internal', 500, 'I am a teapot.']);
  });

  test('a 401 says the token was refused, whatever the body', async () => {
    answer = () => json(401, { error: 'unauthorized', message: 'Sign in first.' });
    const error = await rejection(remote('wrong').secrets.list());
    assert.deepEqual([error.id, error.message], ['unauthorized', tokenRefusedMessage]);
  });

  test('a 429 carries Retry-After as retryAfterSeconds', async () => {
    answer = () => json(429, { error: 'rate_limited', message: 'Too many requests.' }, { 'retry-after': '30' });
    const error = await rejection(remote().secrets.list());
    assert.deepEqual([error.id, error.details], ['rate_limited', { retryAfterSeconds: 30 }]);
  });

  test('an answer that is not a Ziggy error or not JSON says so', async () => {
    answer = () => ({ status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } });
    const proxy = await rejection(remote().connections.list());
    assert.equal(proxy.id, 'internal');
    assert.match(proxy.message, /answered GET \/api\/connections with 502 Bad Gateway, not a Ziggy error/);

    answer = () => ({ status: 200, body: 'hello' });
    const notJson = await rejection(remote().connections.list());
    assert.match(notJson.message, /with something that is not JSON/);
  });

  test('a server that is not listening is one clear line', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(openRemoteServices({ server: `http://127.0.0.1:${port}`, token: 't' }).connections.list());
    assert.deepEqual(
      [error.id, error.status, error.message],
      ['server_unreachable', 502, `Cannot reach the Ziggy server at http://127.0.0.1:${port}: connection refused.`],
    );
  });

  test('a server URL that is not http(s) is refused before any request', () => {
    for (const server of ['localhost:3000', 'ftp://host', 'not a url', 'http://u:p@host', 'http://host/?x=1']) {
      assert.throws(() => openRemoteServices({ server, token: 't' }), (error: unknown) => isZiggyError(error) && error.id === 'bad_input', server);
    }
    assert.equal(openRemoteServices({ server: 'https://ziggy.example.com/base//', token: 't' }).server, 'https://ziggy.example.com/base');
  });
});
