import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { Redactor } from '../secrets/redactor.ts';
import { installErrorHandling } from './errors.ts';
import type { ServerApp } from './server-app.ts';
import { registerWebUi } from './static.ts';

/** A server with only the UI routes and the API's error shape, over the given build folder. */
async function uiServer(distDir: string): Promise<ServerApp> {
  const app = Fastify({ exposeHeadRoutes: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app, new Redactor());
  registerWebUi(app, { distDir });
  await app.ready();
  return app;
}

describe('the web UI routes', () => {
  let root: string;
  let built: ServerApp;
  let notBuilt: ServerApp;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-web-ui-'));
    const dist = path.join(root, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>ui</title><script type="module" src="/assets/app-1a2b.js"></script>');
    await writeFile(path.join(dist, 'assets', 'app-1a2b.js'), 'console.log("ui")');
    await writeFile(path.join(root, 'outside.txt'), 'not part of the UI');
    built = await uiServer(dist);
    notBuilt = await uiServer(path.join(root, 'missing'));
  });
  after(async () => {
    await built.close();
    await notBuilt.close();
    await rm(root, { recursive: true, force: true });
  });

  test('page paths get index.html, revalidated each time, with strict security headers', async () => {
    for (const url of ['/', '/connections', '/connections/warehouse?tab=prod']) {
      const reply = await built.inject({ method: 'GET', url });
      assert.equal(reply.statusCode, 200, url);
      assert.match(reply.headers['content-type'] as string, /^text\/html/);
      assert.match(reply.body, /<title>ui<\/title>/);
      assert.equal(reply.headers['cache-control'], 'no-cache');
      const csp = reply.headers['content-security-policy'] as string;
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /script-src 'self'(;|$)/, 'no inline scripts');
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(reply.headers['x-content-type-options'], 'nosniff');
      assert.equal(reply.headers['referrer-policy'], 'no-referrer');
    }
  });

  test('hashed assets are served with a long cache; a missing asset is a 404 in the API error shape', async () => {
    const asset = await built.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(asset.headers['content-type'] as string, /javascript/);
    assert.match(asset.headers['cache-control'] as string, /max-age=31536000.*immutable/);
    assert.equal(asset.body, 'console.log("ui")');
    const missing = await built.inject({ method: 'GET', url: '/assets/gone-9z.js' });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error, 'not_found');
  });

  test('unknown API and health paths stay JSON errors, never the UI page', async () => {
    for (const url of ['/api/nothing-here', '/api', '/healthz/extra']) {
      const reply = await built.inject({ method: 'GET', url });
      assert.equal(reply.statusCode, 404, url);
      assert.equal(reply.json().error, 'not_found', url);
    }
  });

  test('paths that climb out of the build folder do not reach other files', async () => {
    for (const url of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt']) {
      const reply = await built.inject({ method: 'GET', url });
      assert.doesNotMatch(reply.body, /not part of the UI/, url);
    }
  });

  test('without a build the API still answers and / says how to build the UI', async () => {
    const page = await notBuilt.inject({ method: 'GET', url: '/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /^text\/html/);
    assert.match(page.body, /not built/);
    assert.match(page.body, /npm run build:web/);
    assert.equal((await notBuilt.inject({ method: 'GET', url: '/api/nothing-here' })).json().error, 'not_found');
  });
});
