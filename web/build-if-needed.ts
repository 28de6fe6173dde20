// `node bin/node24.js web/build-if-needed.ts [--force]`: builds the web UI with Vite when web/dist is
// missing or older than any of its sources (npm start runs it first); --force always builds.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));
const projectDir = path.dirname(webDir);
const builtIndex = path.join(webDir, 'dist', 'index.html');
/** What goes into the bundle: the UI's sources and config, and the project TypeScript it imports. */
const sources = ['src', 'public', 'index.html', 'vite.config.ts']
  .map((entry) => path.join(webDir, entry))
  .concat(path.join(projectDir, 'src', 'core'), path.join(projectDir, 'src', 'runtime', 'code-references.ts'));

interface Newest {
  file: string;
  mtimeMs: number;
}

async function newestFile(entry: string): Promise<Newest | undefined> {
  const info = await stat(entry).catch(() => undefined);
  if (info === undefined) return undefined;
  if (!info.isDirectory()) return { file: entry, mtimeMs: info.mtimeMs };
  let newest: Newest | undefined;
  for (const child of await readdir(entry)) {
    const candidate = await newestFile(path.join(entry, child));
    if (candidate !== undefined && (newest === undefined || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

async function reasonToBuild(): Promise<string | undefined> {
  if (process.argv.includes('--force')) return 'asked to';
  const built = await stat(builtIndex).catch(() => undefined);
  if (built === undefined) return 'web/dist is missing';
  let newest: Newest | undefined;
  for (const source of sources) {
    const candidate = await newestFile(source);
    if (candidate !== undefined && (newest === undefined || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest !== undefined && newest.mtimeMs > built.mtimeMs ? `${path.relative(projectDir, newest.file)} changed` : undefined;
}

const reason = await reasonToBuild();
if (reason === undefined) {
  console.log('Web UI is up to date (web/dist).');
} else {
  console.log(`Building the web UI into web/dist (${reason})…`);
  await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn' });
}
