import { createHash, timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { rolesAllowEverywhere, rolesAllowSomewhere, ZiggyError, type Permission } from '../core/index.ts';
import { describeRoles } from '../core/roles.ts';
import type { AuthService, Principal } from '../service/auth-types.ts';
import type { CallerServices, OpenedServices } from '../service/index.ts';
import type { ServerApp } from './server-app.ts';

/** What a route demands: nothing, any signed-in principal, or a permission its role must hold. */
export type RoutePermission = 'public' | 'authenticated' | Permission;

const routePermissions: readonly RoutePermission[] = ['public', 'authenticated', 'read', 'run', 'write', 'admin'];

/** The authenticated caller of a request; `session` is set when a browser cookie authenticated it. */
export interface Caller {
  principal: Principal;
  session?: { id: string; csrfToken: string };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /**
     * True when the permission applies in the mode the request acts in: the service checks it
     * once that mode is known (see CallerServices), and this hook only refuses a caller who
     * holds it in no mode. Otherwise the permission is needed in every mode.
     */
    perMode?: boolean;
  }
  interface FastifyRequest {
    caller: Caller | undefined;
  }
}

export const sessionCookieName = 'ziggy_session';

/** Methods that change nothing, so a cookie session needs no CSRF token for them. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteEntry {
  method: string;
  url: string;
  permission: RoutePermission;
  perMode: boolean;
}

/**
 * Refuses, at startup, any route that does not declare its permission, so a route without an
 * access rule cannot exist. Records every route in `table` and documents its security in OpenAPI.
 */
export function enforceRoutePermissions(app: ServerApp, table: RouteEntry[]): void {
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    const permission = route.config?.permission;
    if (permission === undefined || !routePermissions.includes(permission)) {
      throw new Error(
        `Route ${methods.join(',')} ${route.url} must declare config.permission (one of ${routePermissions.join(', ')}).`,
      );
    }
    const perMode = route.config?.perMode === true;
    for (const method of methods) table.push({ method, url: route.url, permission, perMode });
    const access = permission === 'public' ? 'Public: no sign-in needed.' : `Needs: ${accessText(permission, perMode)}.`;
    route.schema = {
      ...route.schema,
      description: [route.schema?.description, access].filter(Boolean).join(' '),
      ...(permission === 'public' ? { security: [] } : { security: [{ bearerToken: [] }, { sessionCookie: [] }] }),
    };
  });
}

/**
 * Authenticates every request before its body is parsed or validated, so an anonymous caller
 * learns nothing about a route beyond 401, then applies the route's permission and, for cookie
 * sessions on state-changing methods, the CSRF checks.
 */
export function installAuthentication(app: ServerApp, auth: AuthService): void {
  app.decorateRequest('caller', undefined);
  app.addHook('onRequest', async (request) => {
    if (request.is404) return;
    const permission = request.routeOptions.config.permission;
    if (permission === undefined) throw new Error(`Route ${request.method} ${request.routeOptions.url} has no permission.`);
    if (permission === 'public') return;
    const caller = await authenticate(request, auth);
    if (caller.session !== undefined && !safeMethods.has(request.method)) checkCsrf(request, caller.session.csrfToken);
    const { roles } = caller.principal;
    const perMode = request.routeOptions.config.perMode === true;
    if (permission !== 'authenticated' && !(perMode ? rolesAllowSomewhere : rolesAllowEverywhere)(roles, permission)) {
      throw new ZiggyError(
        'forbidden',
        `This needs the "${permission}" permission ${perMode ? 'in the mode it acts in' : 'in every mode'}, which your roles (${describeRoles(roles)}) do not give.`,
        { permission, roles },
      );
    }
    request.caller = caller;
  });
}

async function authenticate(request: FastifyRequest, auth: AuthService): Promise<Caller> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (bearer === undefined) throw new ZiggyError('unauthorized', 'The Authorization header must be "Bearer <token>".');
    const principal = await auth.token(bearer);
    if (principal === undefined) throw new ZiggyError('unauthorized', 'The API token is unknown, expired or revoked.');
    return { principal };
  }
  const sessionId = sessionIdOf(request);
  if (sessionId === undefined) {
    throw new ZiggyError('unauthorized', 'Sign in first (POST /api/auth/login), or send Authorization: Bearer <token>.');
  }
  const session = await auth.session(sessionId);
  if (session === undefined) throw new ZiggyError('unauthorized', 'The session has ended: sign in again.');
  return { principal: session.principal, session: { id: sessionId, csrfToken: session.csrfToken } };
}

/** The session id from the request's cookie header. */
export function sessionIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  const value = fastifyCookie.parse(header)[sessionCookieName];
  return value === undefined || value === '' ? undefined : value;
}

function checkCsrf(request: FastifyRequest, expected: string): void {
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !sameSecret(sent, expected)) {
    throw new ZiggyError('forbidden', 'A signed-in browser request must carry the x-csrf-token header given at login.');
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `${request.protocol}://${request.host}`) {
    throw new ZiggyError('forbidden', 'Cross-origin request refused: the Origin header is not this server.');
  }
}

/** Constant-time comparison; hashing first makes the lengths equal. */
function sameSecret(a: string, b: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** The caller of a route that is not public; its absence is a wiring mistake, not the caller's. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === undefined) throw new Error(`No authenticated caller on ${request.method} ${request.routeOptions.url}.`);
  return request.caller;
}

/** The services as the request's caller may use them, each use case checking the caller's role in its mode. */
export function servicesFor(request: FastifyRequest, services: OpenedServices): CallerServices {
  return services.as(callerOf(request).principal);
}

export function actorOf(request: FastifyRequest): string {
  return callerOf(request).principal.actor;
}

/** What a route needs, as OpenAPI and the docs say it. */
function accessText(permission: RoutePermission, perMode: boolean): string {
  if (permission === 'authenticated') return 'any signed-in caller';
  return perMode ? `${permission} in the mode the request acts in` : `${permission} in every mode`;
}
