import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { apiRequest, ApiError, setCsrfToken, setUnauthorizedHandler } from './client.ts';

/** A real HTTP server answering as the API does, and as a proxy in front of it might. */
describe('the API client', () => {
  let server: Server;
  let url: string;
  const seen: IncomingMessage[] = [];
  before(async () => {
    server = createServer((request, response) => {
      seen.push(request);
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(body);
      };
      if (request.url === '/ok') send(200, '{"answer":42}');
      else if (request.url === '/empty') send(204, '');
      else if (request.url === '/conflict') send(409, '{"error":"version_conflict","message":"Changed by someone else.","details":{"current":2}}');
      else if (request.url === '/limited') send(429, '{"error":"rate_limited","message":"Too many failed logins."}', { 'retry-after': '120' });
      else if (request.url === '/gone') send(401, '{"error":"unauthorized","message":"The session has ended: sign in again."}');
      else send(502, '<html>Bad Gateway</html>', { 'content-type': 'text/html' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('JSON in, JSON out; 204 is undefined', async () => {
    assert.deepEqual(await apiRequest(`${url}/ok`), { answer: 42 });
    assert.equal(await apiRequest(`${url}/empty`, { method: 'DELETE' }), undefined);
  });

  test('the CSRF token goes on state-changing requests only', async () => {
    setCsrfToken('csrf-123');
    seen.length = 0;
    await apiRequest(`${url}/ok`);
    await apiRequest(`${url}/ok`, { method: 'POST', body: { a: 1 } });
    setCsrfToken(undefined);
    assert.equal(seen[0]?.headers['x-csrf-token'], undefined);
    assert.equal(seen[1]?.headers['x-csrf-token'], 'csrf-123');
    assert.equal(seen[1]?.headers['content-type'], 'application/json');
  });

  test("the API's error body becomes an ApiError with its id, status, message and details", async () => {
    const error = await apiRequest(`${url}/conflict`, { method: 'PATCH', body: {} }).catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.deepEqual([error.id, error.status, error.message, error.details], ['version_conflict', 409, 'Changed by someone else.', { current: 2 }]);
    const limited = await apiRequest(`${url}/limited`, { method: 'POST' }).catch((caught: unknown) => caught);
    assert.ok(limited instanceof ApiError);
    assert.equal(limited.retryAfterSeconds, 120);
  });

  test('a page that is not the API becomes a sentence, not markup', async () => {
    const error = await apiRequest(`${url}/proxy`).catch((caught: unknown) => caught);
    assert.ok(error instanceof ApiError);
    assert.equal(error.id, 'http_error');
    assert.match(error.message, /^The server answered 502/);
    assert.doesNotMatch(error.message, /<html>/);
  });

  test('a 401 tells the app the session ended; an unreachable server is said in words', async () => {
    const ended: string[] = [];
    setUnauthorizedHandler((error) => ended.push(error.id));
    await assert.rejects(apiRequest(`${url}/gone`), ApiError);
    setUnauthorizedHandler(undefined);
    assert.deepEqual(ended, ['unauthorized']);
    const unreachable = await apiRequest('http://127.0.0.1:1/nothing').catch((caught: unknown) => caught);
    assert.ok(unreachable instanceof ApiError);
    assert.equal(unreachable.id, 'network');
    assert.match(unreachable.message, /Cannot reach the Ziggy server/);
  });
});
