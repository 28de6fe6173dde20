import { ZiggyError } from '../../../core/index.ts';

/**
 * ssh2 reports SFTP status codes as numbers (2 no such file, 3 permission denied, 4 failure);
 * ssh2-sftp-client turns some into `ENOENT`, `EACCES` or `ERR_BAD_PATH`. Those become plain
 * `ZiggyError`s naming the action and the path; anything else (a dropped session) passes through.
 */
function sftpFailure(error: unknown, action: string, path: string): unknown {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  // ssh2-sftp-client prefixes its messages with the names of the functions they passed through.
  const reported = (error instanceof Error ? error.message : String(error)).replace(/^(?:_?\w+: )+/, '');
  if (code === 2 || code === 'ENOENT') {
    return new ZiggyError('not_found', `${action}: nothing exists at ${path} on the SFTP server.`, { path });
  }
  if (code === 3 || code === 'EACCES') {
    return new ZiggyError('bad_input', `${action}: the SFTP server denied permission for ${path}.`, { path });
  }
  if (code === 4 || code === 'ERR_BAD_PATH') {
    return new ZiggyError('bad_input', `${action}: the SFTP server refused it for ${path} (${reported}).`, { path });
  }
  return error;
}

/** Awaits `work`, turning SFTP refusals into plain errors about `path`. */
export async function onPath<T>(action: string, path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw sftpFailure(error, action, path);
  }
}
