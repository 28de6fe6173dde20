import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { portOf, type ImapConfig } from './schema.ts';

/** imapflow's options for a validated config: no logging (it would print the session), no idling. */
export function clientOptions(config: ImapConfig): ImapFlowOptions {
  return {
    host: config.host,
    port: portOf(config),
    secure: config.secure,
    ...(config.requireTLS ? { doSTARTTLS: true } : config.ignoreTLS ? { doSTARTTLS: false } : {}),
    auth: config.auth.accessToken === undefined ? { user: config.auth.user, pass: config.auth.pass } : { user: config.auth.user, accessToken: config.auth.accessToken },
    ...(config.tls === undefined ? {} : { tls: config.tls }),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    // A cached session waits between runs; IDLE would hold the mailbox and the socket busy for nothing.
    disableAutoIdle: true,
    logger: false,
  };
}

/**
 * A connected, logged-in ImapFlow. Its `error` events are taken here: without a listener an error
 * on a dropped socket would end the process; the cache sees a dropped session through `usable`.
 */
export async function createImapClient(config: ImapConfig): Promise<ImapFlow> {
  const client = new ImapFlow(clientOptions(config));
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}

export async function closeImapClient(client: ImapFlow): Promise<void> {
  if (!client.usable) return client.close();
  await client.logout().catch(() => client.close());
}

/** Usable: connected and logged in, not closed by us, the server or the network. */
export function isImapClientAlive(client: ImapFlow): boolean {
  return client.usable && !client.isClosed;
}
