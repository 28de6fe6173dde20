/**
 * A LISTEN connection on one channel that comes back by itself. A notice is delivered only to
 * connections listening when it is sent, so after a reconnect `onGap` says some may be lost.
 */
import pg from 'pg';

const firstRetryMs = 250;
const maxRetryMs = 5_000;

export interface ChannelListener {
  /** Resolves once the first LISTEN is in place (or failed: it then keeps retrying). */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface ListenOptions {
  url: string;
  /** A plain identifier: it is written into the LISTEN statement. */
  channel: string;
  onNotice(payload: string): void;
  /** Called after a reconnect, when notices may have been missed. */
  onGap(): void;
}

function discard(client: pg.Client): void {
  client.removeAllListeners();
  client.on('error', () => {});
  void client.end().catch(() => {});
}

export function listenChannel(options: ListenOptions): ChannelListener {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.channel)) throw new Error(`Channel "${options.channel}" is not a plain identifier.`);
  let listening: pg.Client | undefined;
  let retryMs = firstRetryMs;
  let retry: NodeJS.Timeout | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;

  function lost(client: pg.Client): void {
    if (listening !== client) return;
    listening = undefined;
    discard(client);
    scheduleRetry();
  }

  function scheduleRetry(): void {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      connecting = connect(true);
    }, retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, maxRetryMs);
  }

  async function connect(reconnecting: boolean): Promise<void> {
    const client = new pg.Client({ connectionString: options.url });
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    client.on('notification', (message) => {
      if (message.channel === options.channel && message.payload !== undefined) options.onNotice(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${options.channel}`);
    } catch {
      discard(client);
      scheduleRetry();
      return;
    }
    if (closed) {
      discard(client);
      return;
    }
    listening = client;
    retryMs = firstRetryMs;
    if (reconnecting) options.onGap();
  }

  connecting = connect(false);
  return {
    ready: connecting,
    async close() {
      closed = true;
      clearTimeout(retry);
      await connecting;
      if (listening !== undefined) {
        const client = listening;
        listening = undefined;
        client.removeAllListeners();
        client.on('error', () => {});
        await client.end().catch(() => {});
      }
    },
  };
}
