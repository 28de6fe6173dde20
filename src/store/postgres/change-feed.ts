/**
 * The change feed of the shared store: PostgreSQL NOTIFY on one channel, heard by a LISTEN
 * connection in every process that subscribes; a process skips its own notices, as it has
 * acted on its change already. A notice is delivered only to connections
 * listening at the time, so after a dropped listener reconnects every listener is told that
 * anything may have changed; the client cache's periodic revalidation stays as the fallback.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ChangeFeed } from '../types.ts';

export const changeChannel = 'ziggy_changes';

const firstRetryMs = 250;
const maxRetryMs = 5_000;

export interface PostgresChangeFeed extends ChangeFeed {
  close(): Promise<void>;
}

interface Notice {
  from: string;
  name: string;
}

function noticeOf(payload: string | undefined): Notice | undefined {
  try {
    const notice: unknown = JSON.parse(payload ?? '');
    if (typeof notice !== 'object' || notice === null) return undefined;
    const { from, name } = notice as Record<string, unknown>;
    return typeof from === 'string' && typeof name === 'string' ? { from, name } : undefined;
  } catch {
    return undefined;
  }
}

export function postgresChangeFeed(pool: pg.Pool, url: string): PostgresChangeFeed {
  const self = randomUUID();
  const listeners = new Set<(name: string | undefined) => void>();
  const deliver = (name: string | undefined): void => {
    for (const listener of listeners) listener(name);
  };
  let listening: pg.Client | undefined;
  let connecting: Promise<void> | undefined;
  let retryMs = firstRetryMs;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  function lost(client: pg.Client): void {
    if (listening !== client) return;
    listening = undefined;
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => {});
    scheduleRetry();
  }

  function scheduleRetry(): void {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      void listen(true);
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  }

  function listen(reconnecting: boolean): Promise<void> {
    connecting ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => lost(client));
      client.on('end', () => lost(client));
      client.on('notification', (message) => {
        const notice = message.channel === changeChannel ? noticeOf(message.payload) : undefined;
        if (notice !== undefined && notice.from !== self) deliver(notice.name);
      });
      try {
        await client.connect();
        await client.query(`LISTEN ${changeChannel}`);
        if (closed) {
          await client.end();
          return;
        }
        listening = client;
        retryMs = firstRetryMs;
        // Notices sent while no connection listened are gone: whatever was cached may be stale.
        if (reconnecting) deliver(undefined);
      } catch {
        client.removeAllListeners();
        client.on('error', () => {});
        void client.end().catch(() => {});
        scheduleRetry();
      }
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  return {
    async publish(name) {
      try {
        await pool.query('SELECT pg_notify($1, $2)', [changeChannel, JSON.stringify({ from: self, name })]);
      } catch {
        // The database is away: the other processes' revalidation catches the change when it is back.
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listening === undefined && connecting === undefined && retry === undefined && !closed) void listen(false);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      await connecting;
      const client = listening;
      listening = undefined;
      if (client !== undefined) {
        client.removeAllListeners();
        client.on('error', () => {});
        await client.end().catch(() => {});
      }
    },
  };
}
