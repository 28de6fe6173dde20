import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import type { SFTPWrapper } from 'ssh2';
import SftpClient from 'ssh2-sftp-client';
import type { SftpConfig } from './schema.ts';

/** Sessions that ended, closed or failed: the client cache must replace them. */
const dropped = new WeakSet<SftpClient>();

/** The ssh2 SFTP channel of each session this connector opened, for the file store's pipelined transfers. */
const channels = new WeakMap<SftpClient, SFTPWrapper>();

export function sftpChannel(client: SftpClient): SFTPWrapper {
  const channel = channels.get(client);
  if (channel === undefined) throw new Error('This SFTP client was not opened by the SFTP connector (openSftpSession), so it has no channel for file transfers.');
  return channel;
}

/** A client whose library-default event callbacks (which print to the console) are replaced by liveness tracking. */
export function newSftpClient(): SftpClient {
  const client = new SftpClient('ziggy', {});
  const markDropped = (): void => void dropped.add(client);
  // `on` prepends to the ssh2 client's own events, so these run even when an operation in
  // flight has already handled the event.
  client.on('end', markDropped);
  client.on('close', markDropped);
  client.on('error', markDropped);
  return client;
}

/** ssh2's connect options for a validated config; the host key pin becomes a hostVerifier. */
export function connectOptions(config: SftpConfig): SftpClient.ConnectOptions {
  const options: SftpClient.ConnectOptions = {
    host: config.host,
    port: config.port,
    username: config.username,
    readyTimeout: config.readyTimeout,
  };
  if (config.password !== undefined) options.password = config.password;
  if (config.privateKey !== undefined) options.privateKey = config.privateKey;
  if (config.passphrase !== undefined) options.passphrase = config.passphrase;
  if (config.keepaliveInterval !== undefined) options.keepaliveInterval = config.keepaliveInterval;
  // Names are plain strings here; ssh2 refuses an unsupported one at connect ("Unsupported algorithm").
  if (config.algorithms !== undefined) options.algorithms = config.algorithms as SftpClient.ConnectOptions['algorithms'];
  if (config.hostKeySha256 !== undefined) {
    const pinned = config.hostKeySha256.replace(/^SHA256:/, '').replace(/=+$/, '');
    options.hostVerifier = (key: Buffer) => hostKeyFingerprint(key) === pinned;
  }
  return options;
}

/** OpenSSH's SHA256 fingerprint of a host key blob, without the `SHA256:` prefix and padding. */
function hostKeyFingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

export async function openSftpSession(config: SftpConfig): Promise<SftpClient> {
  const client = newSftpClient();
  // Our own socket, with Nagle's algorithm off: with it on, a request that is the last one
  // outstanding waits out a delayed ACK (ssh2's one-at-a-time reads ran at about 1.4 MB/s).
  const sock = connect({ host: config.host, port: config.port, noDelay: true });
  try {
    channels.set(client, await client.connect({ ...connectOptions(config), sock }));
  } catch (error) {
    await client.end().catch(() => undefined);
    sock.destroy();
    throw error;
  }
  return client;
}

export async function closeSftpSession(client: SftpClient): Promise<void> {
  dropped.add(client);
  await client.end();
}

export function isSftpSessionAlive(client: SftpClient): boolean {
  return !dropped.has(client);
}
