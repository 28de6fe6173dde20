import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ZiggyError } from '../core/index.ts';
import { errorResponses } from './schemas/common.ts';
import type { ServerApp } from './server-app.ts';

/** Where `npm run build:web` writes the UI. */
export const defaultWebDistDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * Headers for every UI response. Scripts come only from this origin (Vite emits no inline script);
 * inline styles are allowed because the component library sets style attributes and CSS variables.
 */
export const webSecurityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Ziggy Connections: the web UI is not built</title></head>
<body>
<main>
<h1>The web UI is not built yet</h1>
<p>The API is running (see <a href="/api/openapi.json">/api/openapi.json</a>), but <code>web/dist</code> is missing.</p>
<p>Build the UI with <code>npm run build:web</code> (or start the server with <code>npm start</code>, which builds it when needed), then reload this page.</p>
</main>
</body>
</html>
`;

export interface WebUiOptions {
  /** The built UI; default `web/dist` of this package. */
  distDir?: string;
}

/**
 * Serves the built web UI: its files, and index.html for any other non-API path so the browser's
 * router can show the page (a single-page app). API and health paths are never answered with HTML.
 */
export function registerWebUi(app: ServerApp, options: WebUiOptions = {}): void {
  const root = path.resolve(options.distDir ?? defaultWebDistDir);
  app.register(fastifyStatic, { root, serve: false, suppressWarning: true, dotfiles: 'ignore' });

  app.route({
    method: 'GET',
    url: '/*',
    config: { permission: 'public' },
    schema: {
      tags: ['web UI'],
      summary: 'The web UI: its built files, and its index.html for every other page path',
      params: z.object({ '*': z.string() }),
      response: {
        200: { description: 'The file, or the UI page', content: { 'text/html': { schema: z.string() }, '*/*': { schema: z.string() } } },
        ...errorResponses,
      },
    },
    handler: async (request, reply) => {
      const urlPath = `/${request.params['*']}`;
      if (isApiPath(urlPath)) throw new ZiggyError('not_found', `No such route: GET ${urlPath}.`);
      reply.headers(webSecurityHeaders);
      const file = path.resolve(root, `.${urlPath}`);
      if (urlPath !== '/' && file.startsWith(root + path.sep) && (await isFile(file))) {
        const hashed = urlPath.startsWith('/assets/');
        return reply.sendFile(path.relative(root, file), hashed ? { maxAge: '365d', immutable: true } : {});
      }
      if (urlPath.startsWith('/assets/')) throw new ZiggyError('not_found', `No such file of the web UI: ${urlPath}.`);
      if (!(await isFile(path.join(root, 'index.html')))) {
        return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(notBuiltPage);
      }
      return sendIndex(reply);
    },
  });
}

/** index.html is revalidated on every load, so a new build is picked up at once; its assets are hashed. */
function sendIndex(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
}

function isApiPath(urlPath: string): boolean {
  return ['/api', '/healthz', '/readyz'].some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
