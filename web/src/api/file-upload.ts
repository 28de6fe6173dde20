import { ApiError, csrfHeader, failedResponse } from './client.ts';
import type { FileWriteResult } from './types.ts';

export interface UploadOptions {
  /** Called as the browser sends the body: bytes sent so far and the total. */
  onProgress?(sent: number, total: number): void;
  /** Aborting stops the upload; the server then writes nothing. */
  signal?: AbortSignal;
}

/**
 * PUTs a file as the raw request body with XMLHttpRequest, the one browser API that reports upload
 * progress. The browser streams the File from disk; the page never reads it into memory.
 */
export function uploadFile(url: string, file: File, options: UploadOptions = {}): Promise<FileWriteResult> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    request.withCredentials = true;
    request.setRequestHeader('accept', 'application/json');
    request.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(csrfHeader())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      if (request.status >= 200 && request.status < 300) {
        resolve(JSON.parse(request.responseText) as FileWriteResult);
        return;
      }
      const answer = { status: request.status, statusText: request.statusText, retryAfter: request.getResponseHeader('retry-after'), text: request.responseText };
      reject(failedResponse(new URL(url, location.href).pathname, answer));
    };
    request.onerror = () =>
      reject(new ApiError('network', 0, 'The upload was cut off: check that the Ziggy server is running and your network, then try again.'));
    request.onabort = () => reject(new ApiError('cancelled', 0, 'You cancelled the upload; nothing was written.'));
    options.signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(file);
  });
}
