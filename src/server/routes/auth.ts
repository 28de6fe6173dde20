import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OpenedServices } from '../../service/index.ts';
import { callerOf, sessionCookieName, sessionIdOf } from '../auth.ts';
import { loginBody, loginResult, meResult, passwordBody } from '../schemas/auth.ts';
import { errorResponses, noContent } from '../schemas/common.ts';
import type { ServerApp } from '../server-app.ts';

const tags = ['auth'];

export function registerAuthRoutes(app: ServerApp, services: OpenedServices): void {
  const { auth, users } = services;

  app.route({
    method: 'POST',
    url: '/api/auth/login',
    config: { permission: 'public' },
    schema: {
      tags,
      summary: 'Sign in: sets the ziggy_session cookie and returns the CSRF token for state-changing requests',
      body: loginBody,
      response: { 200: loginResult, ...errorResponses },
    },
    handler: async (request, reply) => {
      const { username, password } = request.body;
      const { sessionId, csrfToken, expiresAt, user } = await auth.login(username, password, request.ip);
      setSessionCookie(request, reply, sessionId, expiresAt);
      return { user, csrfToken, expiresAt };
    },
  });

  app.route({
    method: 'POST',
    url: '/api/auth/logout',
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'End the session and clear its cookie', response: { 204: noContent, ...errorResponses } },
    handler: async (request, reply) => {
      const session = callerOf(request).session;
      if (session !== undefined) await auth.logout(session.id);
      if (sessionIdOf(request) !== undefined) reply.clearCookie(sessionCookieName, cookieOptions(request));
      return reply.code(204).send();
    },
  });

  app.route({
    method: 'GET',
    url: '/api/auth/me',
    config: { permission: 'authenticated' },
    schema: { tags, summary: 'Who is calling, and how', response: { 200: meResult, ...errorResponses } },
    handler: async (request) => {
      const { principal, session } = callerOf(request);
      return {
        user: { username: principal.username, roles: principal.roles },
        via: principal.via,
        ...(session === undefined ? {} : { csrfToken: session.csrfToken }),
      };
    },
  });

  app.route({
    method: 'PUT',
    url: '/api/auth/password',
    config: { permission: 'authenticated' },
    schema: { tags, summary: "Change the caller's own password", body: passwordBody, response: { 204: noContent, ...errorResponses } },
    handler: async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await users.changeOwnPassword(callerOf(request).principal, currentPassword, newPassword);
      return reply.code(204).send();
    },
  });
}

/** httpOnly keeps the session from scripts; SameSite=Strict keeps it off cross-site requests; Secure over TLS. */
function cookieOptions(request: FastifyRequest) {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' } as const;
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string, expiresAt: string): void {
  const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
  reply.setCookie(sessionCookieName, sessionId, { ...cookieOptions(request), maxAge });
}
