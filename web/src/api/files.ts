import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, withQuery } from './client.ts';
import { uploadFile, type UploadOptions } from './file-upload.ts';
import { encodeName, queryKeys } from './keys.ts';
import type { FileListing, FileWriteResult, Mode } from './types.ts';

/** A path on a file-capable connection in one mode; `location` is a bucket or container other than the connection's. */
export interface FileTarget {
  connection: string;
  mode: Mode;
  path: string;
  location?: string;
}

const filesPath = (connection: string) => `/api/connections/${encodeName(connection)}/files`;
const targetQuery = ({ path, mode, location }: FileTarget) => ({ path, mode, location });

export const filesApi = {
  list: (target: FileTarget): Promise<FileListing> => apiRequest(filesPath(target.connection), { query: targetQuery(target) }),
  /** Where a download link points: a plain GET with the session cookie, answered as an attachment. */
  contentUrl: (target: FileTarget): string => withQuery(`${filesPath(target.connection)}/content`, targetQuery(target)),
  /** Without `overwrite`, an existing file is refused with `file_exists` (409). */
  upload: (target: FileTarget, file: File, overwrite: boolean, options?: UploadOptions): Promise<FileWriteResult> =>
    uploadFile(withQuery(`${filesPath(target.connection)}/content`, { ...targetQuery(target), overwrite: overwrite || undefined }), file, options),
  remove: (target: FileTarget): Promise<void> => apiRequest(filesPath(target.connection), { method: 'DELETE', query: targetQuery(target) }),
};

export function useFileListing(target: FileTarget) {
  return useQuery({ queryKey: queryKeys.files(target), queryFn: () => filesApi.list(target) });
}

/** After an upload or a delete: every listing of the connection is stale. */
function useInvalidateFiles(connection: string) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: queryKeys.connectionFiles(connection) });
}

export interface UploadRequest {
  target: FileTarget;
  file: File;
  overwrite: boolean;
  onProgress(sent: number, total: number): void;
  signal: AbortSignal;
}

export function useUploadFile(connection: string) {
  const invalidate = useInvalidateFiles(connection);
  return useMutation({
    mutationFn: ({ target, file, overwrite, onProgress, signal }: UploadRequest) => filesApi.upload(target, file, overwrite, { onProgress, signal }),
    onSuccess: invalidate,
    meta: { inline: true },
  });
}

export function useDeleteFile(connection: string) {
  const invalidate = useInvalidateFiles(connection);
  return useMutation({ mutationFn: filesApi.remove, onSuccess: invalidate, meta: { inline: true } });
}
