import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sameRoleInModes, type ModeRoles, type Role } from '../../src/core/index.ts';
import type { Principal } from '../../src/service/auth-types.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';

export const roleNames = ['admin', 'editor', 'operator', 'viewer'] as const satisfies readonly Role[];

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is empty. */
  body: any;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A real server on an ephemeral loopback port over a fresh data dir, with one user and API token per role. */
export interface Harness {
  server: RunningServer;
  url: string;
  dataDir: string;
  adminPassword: string;
  /** Every log line the server wrote. */
  logLines: string[];
  tokens: Record<Role, string>;
  /** Every response seen through `request`, for scanning. */
  replies: Reply[];
  request(method: string, urlPath: string, options?: RequestOptions): Promise<Reply>;
  close(): Promise<void>;
}

/** A principal as the server would authenticate the user, for calling services directly in setup. */
export function principalFor(username: string, role: Role | ModeRoles): Principal {
  const roles = typeof role === 'string' ? sameRoleInModes(role) : role;
  return { username, roles, via: 'session', actor: `user:${username}` };
}

export interface HarnessOptions {
  env?: Record<string, string | undefined>;
  trustProxy?: boolean;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-server-test-'));
  const dataDir = path.join(root, 'data');
  const adminPassword = `admin-${randomUUID()}`;
  const logLines: string[] = [];
  const server = await startServer({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    env: { ZIGGY_ADMIN_PASSWORD: adminPassword, ...options.env },
    trustProxy: options.trustProxy,
    logger: { destination: { write: (line: string) => void logLines.push(line) }, level: 'trace' },
  });
  const { users, tokens: tokenService } = server.services;
  const admin = principalFor('admin', 'admin');
  const tokens = {} as Record<Role, string>;
  for (const role of roleNames) {
    const username = role === 'admin' ? 'admin' : `${role}-user`;
    if (role !== 'admin') await users.create({ username, password: `${role}-${adminPassword}`, role }, admin.actor);
    tokens[role] = (await tokenService.create(admin, { name: `${role}-token`, username })).token;
  }
  const replies: Reply[] = [];

  return {
    server,
    url: server.url,
    dataDir,
    adminPassword,
    logLines,
    tokens,
    replies,
    async request(method, urlPath, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
      let payload: string | undefined = options.rawBody;
      if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(options.body);
      }
      const response = await fetch(server.url + urlPath, { method, headers, body: payload });
      const text = await response.text();
      const reply: Reply = { status: response.status, headers: response.headers, text, body: text === '' ? undefined : JSON.parse(text) };
      replies.push(reply);
      return reply;
    },
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Headers as one text, for scanning. */
export function headersText(headers: Headers): string {
  return [...headers.entries()].map(([name, value]) => `${name}: ${value}`).join('\n');
}
