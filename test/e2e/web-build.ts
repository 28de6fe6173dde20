import { execFile } from 'node:child_process';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const projectDir = fileURLToPath(new URL('../../', import.meta.url));
// One lock for every e2e file of this checkout: node --test runs files in parallel, and two Vite
// builds emptying the same web/dist at once would pull the UI from under a running test.
const lockDir = path.join(os.tmpdir(), `ziggy-e2e-web-build-${Buffer.from(projectDir).toString('base64url').slice(-24)}.lock`);
const staleLockMs = 5 * 60_000;

async function takeLock(): Promise<void> {
  for (;;) {
    try {
      await mkdir(lockDir);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = await stat(lockDir).catch(() => undefined);
      // A test process killed mid-build leaves its lock behind; a build takes seconds, not minutes.
      if (held !== undefined && Date.now() - held.mtimeMs > staleLockMs) await rmdir(lockDir).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Builds web/dist when it is missing or older than the UI's sources (the same check as `npm start`),
 * so the browser tests always exercise the current UI, also on a fresh clone.
 */
export async function ensureWebBuilt(): Promise<void> {
  await takeLock();
  try {
    await promisify(execFile)(process.execPath, [path.join(projectDir, 'web', 'build-if-needed.ts')], { cwd: projectDir });
  } finally {
    await rmdir(lockDir);
  }
}
