import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import { ensureWebBuilt } from './web-build.ts';

export interface UiServer {
  server: RunningServer;
  url: string;
  adminPassword: string;
  /** Every line the server logged, to show when a test fails. */
  logLines: string[];
  close(): Promise<void>;
}

/** `ziggy serve` in this process on a free loopback port over a fresh data dir, serving the current web UI. */
export async function startUiServer(): Promise<UiServer> {
  await ensureWebBuilt();
  const root = await mkdtemp(path.join(os.tmpdir(), 'ziggy-e2e-'));
  const adminPassword = `admin-${randomUUID()}`;
  const logLines: string[] = [];
  const server = await startServer({
    dataDir: path.join(root, 'data'),
    host: '127.0.0.1',
    port: 0,
    env: { ZIGGY_ADMIN_PASSWORD: adminPassword },
    logger: { destination: { write: (line: string) => void logLines.push(line) }, level: 'info' },
  });
  return {
    server,
    url: server.url,
    adminPassword,
    logLines,
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
