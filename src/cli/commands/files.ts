import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import prettyBytes from 'pretty-bytes';
import { isZiggyError, parseMode, ZiggyError } from '../../core/index.ts';
import type { FileService, FileTarget } from '../../service/types.ts';
import type { CliContext } from '../context.ts';
import { transferProgress } from '../output/progress.ts';
import { renderTable, shortTime } from '../output/table.ts';

interface TargetOptions {
  mode?: string;
  location?: string;
}

function targetOf(connection: string, remotePath: string, options: TargetOptions): FileTarget {
  return {
    connection,
    path: remotePath,
    ...(options.mode === undefined ? {} : { mode: parseMode(options.mode) }),
    ...(options.location === undefined ? {} : { location: options.location }),
  };
}

function withTargetOptions(command: Command): Command {
  return command
    .option('--mode <mode>', 'dev or prod (default: the default mode setting, dev unless set)')
    .option('--location <name>', "the S3 bucket or Azure container (default: the connection's)");
}

function localFailure(error: unknown, what: string, field: string): unknown {
  if (!(error instanceof Error) || !('code' in error)) return error;
  const reason = error.code === 'ENOENT' ? 'no such file or directory' : error.code === 'EISDIR' ? 'it is a directory' : error.message;
  return new ZiggyError('bad_input', `Cannot use ${what}: ${reason}.`, { field });
}

async function localSize(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    throw localFailure(error, `the local file ${file}`, 'local');
  }
  if (!info.isFile()) throw new ZiggyError('bad_input', `${file} is not a file; give a file to upload.`, { field: 'local' });
  return info.size;
}

/**
 * Puts a downloaded file in place only once it is whole: bytes go to a hidden temporary name
 * beside it, then a link (refusing an existing file) or a rename (with --overwrite).
 */
async function saveWhole(write: (temporary: string) => Promise<void>, destination: string, overwrite: boolean): Promise<void> {
  const temporary = path.join(path.dirname(destination), `.${path.basename(destination)}.ziggy-${randomBytes(4).toString('hex')}`);
  try {
    await write(temporary);
    if (overwrite) {
      await rename(temporary, destination);
      return;
    }
    try {
      await link(temporary, destination);
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
        throw new ZiggyError('file_exists', `${destination} already exists here; give --overwrite to replace it.`, { field: '--overwrite' });
      }
      throw localFailure(error, destination, 'local');
    }
  } finally {
    await rm(temporary, { force: true });
  }
}

export function registerFileCommands(program: Command, context: CliContext): void {
  const files = program.command('files').description('files on an SFTP, S3 or Azure Blob connection: list, download, upload, delete');

  withTargetOptions(
    files
      .command('ls')
      .alias('list')
      .description('the entries of a directory (or prefix); a file shows itself')
      .argument('<connection>')
      .argument('[path]', 'a directory or file on the connection', '.'),
  ).action(async (connection: string, remotePath: string, options: TargetOptions) => {
    const listing = await (await context.services()).files.list(targetOf(connection, remotePath, options), context.actor);
    if (context.json) return context.printJson(listing);
    if (listing.entries.length === 0) return context.out(`Nothing in ${remotePath} on the ${listing.label} (${listing.mode}).\n`);
    const rows = listing.entries.map((entry) => [
      entry.type === 'directory' ? `${entry.name}/` : entry.name,
      entry.type === 'directory' ? '-' : prettyBytes(entry.size),
      entry.modifiedAt === undefined ? '' : shortTime(entry.modifiedAt),
    ]);
    context.out(renderTable(['NAME', 'SIZE', 'MODIFIED'], rows));
  });

  withTargetOptions(
    files
      .command('get')
      .description('download a file; shows progress on a terminal')
      .argument('<connection>')
      .argument('<path>', 'the file on the connection')
      .argument('[local]', 'where to save it (default: its name, here); - for stdout')
      .option('--overwrite', 'replace an existing local file'),
  ).action(async (connection: string, remotePath: string, local: string | undefined, options: TargetOptions & { overwrite?: boolean }) => {
    const services = await context.services();
    const { entry, body } = await services.files.download(targetOf(connection, remotePath, options), context.actor);
    const toStdout = local === '-';
    const progress = transferProgress(context.io, { label: entry.name, total: entry.size, json: context.json || toStdout });
    try {
      if (toStdout) {
        await pipeline(body, progress.counter, context.io.stdout, { end: false });
      } else {
        const destination = local === undefined ? entry.name : (await isDirectory(local)) ? path.join(local, entry.name) : local;
        await saveWhole((temporary) => pipeline(body, progress.counter, createWriteStream(temporary, { flags: 'wx' })), destination, options.overwrite === true);
        progress.finish(true);
        if (context.json) return context.printJson({ path: entry.path, local: path.resolve(destination), bytes: entry.size });
        context.out(`Downloaded ${entry.path} (${prettyBytes(entry.size)}) to ${destination}.\n`);
      }
    } catch (error) {
      progress.finish(false);
      body.destroy();
      throw error;
    }
  });

  withTargetOptions(
    files
      .command('put')
      .description('upload a file, whole or not at all; shows progress on a terminal')
      .argument('<connection>')
      .argument('<path>', 'where on the connection; ending in / puts the file in that directory under its own name')
      .argument('<local>', 'the local file; - for stdin')
      .option('--overwrite', 'replace an existing file on the connection'),
  ).action(async (connection: string, remotePath: string, local: string, options: TargetOptions & { overwrite?: boolean }) => {
    const fromStdin = local === '-';
    if (fromStdin && remotePath.endsWith('/')) {
      throw new ZiggyError('bad_input', 'Reading stdin there is no file name to put in that directory: give the full path.', { field: 'path' });
    }
    const total = fromStdin ? undefined : await localSize(local);
    const destination = remotePath.endsWith('/') ? remotePath + path.basename(local) : remotePath;
    const services = await context.services();
    const target = targetOf(connection, destination, options);
    if (options.overwrite !== true) await refuseExisting(services.files, target, context.actor);
    const progress = transferProgress(context.io, { label: path.basename(destination), total, json: context.json });
    const source = fromStdin ? context.io.stdin : createReadStream(local);
    const body = progress.counter;
    const fed = pipeline(source, body).catch((error: unknown) => {
      throw localFailure(error, `the local file ${local}`, 'local');
    });
    try {
      const [result] = await Promise.all([
        services.files.upload({ ...target, body, overwrite: options.overwrite === true }, context.actor),
        fed,
      ]);
      progress.finish(true);
      if (context.json) return context.printJson(result);
      context.out(`Uploaded ${fromStdin ? 'stdin' : local} to ${result.path} (${prettyBytes(result.bytes)}).\n`);
    } catch (error) {
      progress.finish(false);
      body.destroy();
      throw error;
    }
  });

  withTargetOptions(
    files.command('rm').alias('delete').description('delete one file').argument('<connection>').argument('<path>', 'the file on the connection'),
  ).action(async (connection: string, remotePath: string, options: TargetOptions) => {
    await (await context.services()).files.delete(targetOf(connection, remotePath, options), context.actor);
    if (context.json) return context.printJson({ deleted: remotePath });
    context.out(`Deleted ${remotePath}.\n`);
  });
}

/** Asks before sending a byte, so an upload that would be refused costs nothing. The store checks again when it writes. */
async function refuseExisting(files: FileService, target: FileTarget, actor: string): Promise<void> {
  try {
    const entry = await files.stat(target, actor);
    const hint = entry.type === 'directory' ? 'end the path with / to put the file in it' : 'give --overwrite to replace it';
    throw new ZiggyError('file_exists', `${target.path} already exists on the connection as a ${entry.type}; ${hint}.`, {
      path: target.path,
      field: '--overwrite',
    });
  } catch (error) {
    if (!(isZiggyError(error) && error.id === 'not_found')) throw error;
  }
}

async function isDirectory(local: string): Promise<boolean> {
  try {
    return (await stat(local)).isDirectory();
  } catch {
    return false;
  }
}
