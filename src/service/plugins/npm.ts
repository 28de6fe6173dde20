import { execFile } from 'node:child_process';
import { lstat, mkdir, readFile, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ZiggyError } from '../../core/index.ts';

const run = promisify(execFile);

// No install scripts: a package runs no code of its author's on this machine until the hub imports it.
const installFlags = ['--ignore-scripts', '--no-audit', '--no-fund', '--install-links', '--save-exact'];

/** A spec is a registry name (`pkg`, `pkg@1.2.3`, `@scope/pkg@^2`) or a local folder (`./dir`, `/abs/dir`, `file:dir`). */
export function isLocalSpec(spec: string): boolean {
  return spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('file:');
}

/** The package name a spec installs: from the folder's package.json, or the spec without its version. */
export async function packageNameOf(spec: string): Promise<string> {
  if (isLocalSpec(spec)) {
    const folder = path.resolve(spec.replace(/^file:/, ''));
    const manifest = await readManifest(folder).catch(() => undefined);
    if (typeof manifest?.name !== 'string') {
      throw new ZiggyError('plugin_install_failed', `No package.json with a name in ${folder}.`, { field: 'spec', spec });
    }
    return manifest.name;
  }
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at === -1 ? spec : spec.slice(0, at);
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/.test(name)) {
    throw new ZiggyError('bad_input', `"${spec}" is not an npm package name with an optional version, nor a local folder (./path).`, { field: 'spec', spec });
  }
  return name;
}

/** The spec to record: a local folder made absolute, so another instance on this machine finds it too. */
export function recordedSpec(spec: string): string {
  return isLocalSpec(spec) ? path.resolve(spec.replace(/^file:/, '')) : spec;
}

interface Manifest {
  name?: unknown;
  version?: unknown;
  main?: unknown;
  exports?: unknown;
}

async function readManifest(folder: string): Promise<Manifest> {
  return JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8')) as Manifest;
}

export function packageDir(pluginsDir: string, name: string): string {
  return path.join(pluginsDir, 'node_modules', ...name.split('/'));
}

async function npm(pluginsDir: string, args: string[], spec: string): Promise<void> {
  await mkdir(pluginsDir, { recursive: true, mode: 0o755 });
  try {
    await run('npm', [...args, '--prefix', pluginsDir], { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const said = String((error as { stderr?: unknown }).stderr ?? '').split('\n').filter((line) => line.includes('ERR!')).slice(0, 6).join('\n');
    throw new ZiggyError('plugin_install_failed', `npm could not ${args[0]} ${spec}${said === '' ? `: ${(error as Error).message}` : `:\n${said}`}`, { spec });
  }
}

/** The installed version and integrity, as npm's lock file in the plugins directory records them. */
export async function installedFacts(pluginsDir: string, name: string): Promise<{ version: string; integrity: string | null }> {
  const lock = JSON.parse(await readFile(path.join(pluginsDir, 'package-lock.json'), 'utf8')) as { packages?: Record<string, { version?: string; integrity?: string }> };
  const entry = lock.packages?.[`node_modules/${name}`];
  const version = entry?.version ?? (await readManifest(packageDir(pluginsDir, name))).version;
  if (typeof version !== 'string') throw new ZiggyError('plugin_install_failed', `npm installed ${name} but recorded no version for it.`, { name });
  return { version, integrity: entry?.integrity ?? null };
}

/**
 * Installs a package into the plugins directory. The package may import `ziggy-connections/…`
 * (a peer dependency it must not bring a copy of): the directory gets a link to this package.
 */
export async function npmInstall(pluginsDir: string, spec: string): Promise<void> {
  await npm(pluginsDir, ['install', ...installFlags, '--legacy-peer-deps', spec], spec);
  await linkHost(pluginsDir);
}

export async function npmUninstall(pluginsDir: string, name: string): Promise<void> {
  await npm(pluginsDir, ['uninstall', '--ignore-scripts', '--no-audit', '--no-fund', name], name);
  await linkHost(pluginsDir);
}

/** The root of this package (where its package.json is), which plugins import as `ziggy-connections`. */
const hostRoot = path.resolve(import.meta.dirname, '../../..');

async function linkHost(pluginsDir: string): Promise<void> {
  const link = packageDir(pluginsDir, 'ziggy-connections');
  // npm prunes what it did not install, so the link is made again after every change; never follow it.
  const existing = await lstat(link).catch(() => undefined);
  if (existing?.isSymbolicLink()) await unlink(link);
  else if (existing !== undefined) throw new ZiggyError('plugin_install_failed', `${link} is not the link to this hub's package: a plugin brought its own copy of ziggy-connections.`);
  await symlink(hostRoot, link, 'dir');
}

/** The file a package's `import` resolves to: `exports` ('.' as a string, or its import/default condition), else `main`, else index.js. */
export async function packageEntry(pluginsDir: string, name: string): Promise<string> {
  const folder = packageDir(pluginsDir, name);
  const manifest = await readManifest(folder);
  const root = typeof manifest.exports === 'object' && manifest.exports !== null && '.' in manifest.exports ? (manifest.exports as Record<string, unknown>)['.'] : manifest.exports;
  const conditional = typeof root === 'object' && root !== null ? ((root as Record<string, unknown>)['import'] ?? (root as Record<string, unknown>)['default']) : root;
  const relative = typeof conditional === 'string' ? conditional : typeof manifest.main === 'string' ? manifest.main : 'index.js';
  const entry = path.resolve(folder, relative);
  if (!entry.startsWith(folder + path.sep)) throw new ZiggyError('plugin_invalid', `${name}'s package.json points its entry outside the package.`, { name });
  return entry;
}
