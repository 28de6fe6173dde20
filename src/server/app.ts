import { fastifyCookie } from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { OpenedServices } from '../service/index.ts';
import { enforceRoutePermissions, installAuthentication, sessionCookieName, type RouteEntry } from './auth.ts';
import { installErrorHandling } from './errors.ts';
import { createServerLogger, type ServerLoggerOptions } from './logger.ts';
import { registerAuditRoutes } from './routes/audit.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { registerBlockRoutes } from './routes/blocks.ts';
import { registerConnectionTestRoutes } from './routes/connection-tests.ts';
import { registerConnectionRoutes } from './routes/connections.ts';
import { registerFileRoutes } from './routes/files.ts';
import { registerHealthRoutes } from './routes/health.ts';
import { registerOperationRoutes } from './routes/operations.ts';
import { registerPluginRoutes } from './routes/plugins.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerSecretRoutes } from './routes/secrets.ts';
import { registerSettingsRoutes } from './routes/settings.ts';
import { registerTokenRoutes } from './routes/tokens.ts';
import { registerTypeRoutes } from './routes/types.ts';
import { registerUserRoutes } from './routes/users.ts';
import type { ServerApp } from './server-app.ts';
import { registerWebUi } from './static.ts';
import { packageVersion } from './version.ts';

export type { ServerApp } from './server-app.ts';
export type { RouteEntry, RoutePermission } from './auth.ts';

export interface BuildServerOptions {
  /**
   * Where log lines go (default stdout) and from which level. A destination, not a ready-made
   * logger: the server builds its own on it so that header censoring and secret redaction always apply.
   */
  logger?: ServerLoggerOptions;
  /** Trust X-Forwarded-* from a reverse proxy, for the client address, protocol and host. */
  trustProxy?: boolean;
}

const routeTables = new WeakMap<ServerApp, readonly RouteEntry[]>();

/** Every route of a built server with its permission, as declared; complete once the server is ready. */
export function routeTable(app: ServerApp): readonly RouteEntry[] {
  const table = routeTables.get(app);
  if (table === undefined) throw new Error('routeTable: this Fastify instance was not made by buildServer.');
  return table;
}

/** The HTTP API over the services: thin routes, one auth hook, one error shape. Call `ready()` or `listen()` next. */
export function buildServer(services: OpenedServices, options: BuildServerOptions = {}): ServerApp {
  const logger: FastifyBaseLogger = createServerLogger(services.redactor, options.logger);
  const app = Fastify({
    loggerInstance: logger,
    trustProxy: options.trustProxy ?? false,
    // GET routes only: HEAD would double the surface for nothing a client of this API needs.
    exposeHeadRoutes: false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const table: RouteEntry[] = [];
  routeTables.set(app, table);
  enforceRoutePermissions(app, table);
  installAuthentication(app, services.auth);
  installErrorHandling(app, services.redactor);
  acceptEmptyJsonBodies(app);

  app.register(fastifyCookie);
  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ziggy Connections API',
        version: packageVersion,
        description: 'Connections, secrets, connection tests, blocks, operations and runs, users and API tokens. See docs/api.md.',
      },
      components: {
        securitySchemes: {
          bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (POST /api/tokens)' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: sessionCookieName, description: 'A browser session (POST /api/auth/login)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  // Routes are declared in a plugin so they load after swagger, whose onRoute hook collects them.
  app.register(async (api) => {
    registerHealthRoutes(api, services);
    registerAuthRoutes(api, services);
    registerUserRoutes(api, services);
    registerPluginRoutes(api, services);
    registerTokenRoutes(api, services);
    registerSettingsRoutes(api, services);
    registerConnectionRoutes(api, services);
    registerConnectionTestRoutes(api, services);
    registerSecretRoutes(api, services);
    registerTypeRoutes(api, services);
    registerAuditRoutes(api, services);
    registerBlockRoutes(api, services);
    registerOperationRoutes(api, services);
    registerRunRoutes(api, services);
    registerFileRoutes(api, services);
    registerWebUi(api);
  });
  return app;
}

/** Some clients send Content-Type: application/json with an empty body (a bare DELETE or POST); that means no body. */
function acceptEmptyJsonBodies(app: ServerApp): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') done(null, undefined);
    else parseJson(request, text, done);
  });
}
