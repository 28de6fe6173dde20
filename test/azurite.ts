import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { freePort } from './support/sockets.ts';

const azuriteBlob = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'azurite-blob');

/** Azurite's Blob service (npm devDependency) on loopback, with one account whose key is generated. */
export interface TestAzurite {
  /** The account's Blob service URL, path style: `http://127.0.0.1:PORT/ACCOUNT`. */
  url: string;
  port: number;
  accountName: string;
  accountKey: string;
  connectionString: string;
  stop(): Promise<void>;
}

/**
 * Starts azurite-blob in memory on a free port. The account comes from AZURITE_ACCOUNTS, so the
 * well-known development key is not accepted: a wrong key gets 403 as on Azure.
 */
export async function startAzurite(): Promise<TestAzurite> {
  const accountName = `ziggy${randomBytes(3).toString('hex')}`;
  const accountKey = randomBytes(64).toString('base64');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--silent', '--disableTelemetry', '--skipApiVersionCheck'];
    const child = spawn(azuriteBlob, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AZURITE_ACCOUNTS: `${accountName}:${accountKey}` } });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    const onExit = (): void => void child.kill('SIGKILL');
    process.on('exit', onExit);
    try {
      await waitForPort(port, child);
    } catch (error) {
      process.off('exit', onExit);
      child.kill('SIGKILL');
      if (attempt < 3 && /EADDRINUSE/.test(log)) continue;
      throw new Error(`azurite did not start on 127.0.0.1:${port}: ${(error as Error).message}\n${log}`);
    }
    const url = `http://127.0.0.1:${port}/${accountName}`;
    return {
      url,
      port,
      accountName,
      accountKey,
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${accountName};AccountKey=${accountKey};BlobEndpoint=${url};`,
      async stop() {
        process.off('exit', onExit);
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      },
    };
  }
}

async function waitForPort(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`azurite exited with ${child.exitCode ?? child.signalCode}`);
    if (await answers(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no answer within 30 s');
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
