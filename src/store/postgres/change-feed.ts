/**
 * The change feed of the shared store: PostgreSQL NOTIFY on one channel, heard by a LISTEN
 * connection in every process that subscribes; a process skips its own notices, as it has
 * acted on its change already. After the listening connection comes back, subscribers are told
 * that anything may have changed; the client cache's periodic revalidation stays the fallback.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ChangeFeed } from '../types.ts';
import { listenChannel, type ChannelListener } from './listener.ts';

export const changeChannel = 'ziggy_changes';

export interface PostgresChangeFeed extends ChangeFeed {
  close(): Promise<void>;
}

interface Notice {
  from: string;
  name: string;
}

function noticeOf(payload: string): Notice | undefined {
  try {
    const notice: unknown = JSON.parse(payload);
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
  let listener: ChannelListener | undefined;
  let closed = false;

  return {
    async publish(name) {
      try {
        await pool.query('SELECT pg_notify($1, $2)', [changeChannel, JSON.stringify({ from: self, name })]);
      } catch {
        // The database is away: the other processes' revalidation catches the change when it is back.
      }
    },
    subscribe(subscriber) {
      listeners.add(subscriber);
      // Connected on first subscription, so a process that caches no client holds no extra connection.
      if (listener === undefined && !closed) {
        listener = listenChannel({
          url,
          channel: changeChannel,
          onNotice: (payload) => {
            const notice = noticeOf(payload);
            if (notice !== undefined && notice.from !== self) deliver(notice.name);
          },
          onGap: () => deliver(undefined),
        });
      }
      return () => listeners.delete(subscriber);
    },
    async close() {
      closed = true;
      await listener?.close();
    },
  };
}
