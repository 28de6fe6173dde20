import path from 'node:path';

/** `--data-dir` wins, then `ZIGGY_DATA_DIR`, then `./data`; always absolute. */
export function resolveDataDir(dataDir: string | undefined, env: Record<string, string | undefined>): string {
  return path.resolve(dataDir ?? env['ZIGGY_DATA_DIR'] ?? 'data');
}
