import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { freePort, waitForListening } from './support/sockets.ts';

const redisServer = '/usr/bin/redis-server';

/** A second Redis on loopback with requirepass and an ACL user, for the authentication failures the machine's open Redis cannot show. */
export interface TestRedis {
  host: '127.0.0.1';
  port: number;
  password: string;
  /** An ACL user allowed only GET, so the test's PING is refused (NOPERM). */
  limitedUser: { username: string; password: string };
  stop(): Promise<void>;
}


/** Starts redis-server in the foreground, with nothing saved to disk; stopped by pid. */
export async function startTestRedis(): Promise<TestRedis> {
  if (!existsSync(redisServer)) throw new Error(`${redisServer} not found: the Redis tests need it. Run: apt-get install redis-server`);
  const port = await freePort();
  const password = randomBytes(12).toString('base64url');
  const limitedUser = { username: 'reader', password: randomBytes(12).toString('base64url') };
  const child = spawn(
    redisServer,
    [
      '--port', String(port), '--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no',
      '--user', limitedUser.username, 'on', `>${limitedUser.password}`, '~*', '+get',
    ],
    { stdio: 'ignore' },
  );
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  await waitForListening(port, child, { name: 'redis-server', intervalMs: 50 });
  return {
    host: '127.0.0.1',
    port,
    password,
    limitedUser,
    stop: async () => {
      process.removeListener('exit', kill);
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
