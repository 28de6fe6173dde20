import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { routeTable } from '../../src/server/app.ts';
import { startHarness, type Harness } from './harness.ts';

/** `/api/connections/:name` as OpenAPI writes it: `/api/connections/{name}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
}

describe('/api/openapi.json', () => {
  let harness: Harness;
  let document: any;
  before(async () => {
    harness = await startHarness();
    const reply = await harness.request('GET', '/api/openapi.json');
    assert.equal(reply.status, 200);
    document = reply.body;
  });
  after(() => harness.close());

  test('is a valid OpenAPI 3.1 document, served without auth', async () => {
    assert.equal(document.openapi, '3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document);
    assert.deepEqual(result.errors ?? [], []);
    assert.equal(result.valid, true);
  });

  test('documents every registered route with its parameters, body, responses and security', () => {
    const routes = routeTable(harness.server.app);
    for (const { method, url, permission } of routes) {
      const operation = document.paths[openApiPath(url)]?.[method.toLowerCase()];
      assert.ok(operation, `${method} ${url} is missing from the document`);
      assert.ok(operation.responses['4XX'] && operation.responses['5XX'], `${method} ${url} documents no error body`);
      const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
      assert.ok(success, `${method} ${url} documents no success response`);
      assert.deepEqual(operation.security, permission === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [] }]);
      for (const name of url.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        assert.ok(
          operation.parameters?.some((parameter: any) => parameter.in === 'path' && parameter.name === name.slice(1)),
          `${method} ${url} does not document its path parameter ${name}`,
        );
      }
    }
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method} ${path}`));
    assert.equal(documented.length, routes.length, 'the document lists exactly the registered routes');
  });

  test('the schemas are the ones that validate requests: a documented required field is enforced', async () => {
    const create = document.paths['/api/connections'].post.requestBody.content['application/json'].schema;
    assert.deepEqual([...create.required].sort(), ['devSource', 'name', 'type']);
    const reply = await harness.request('POST', '/api/connections', { token: harness.tokens.editor, body: { name: 'x', type: 'postgres' } });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body.details.issues.map((issue: { path: string }) => issue.path), ['body.devSource']);
  });
});
