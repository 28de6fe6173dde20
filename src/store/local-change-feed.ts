import type { ChangeFeed } from './types.ts';

/**
 * The SQLite store's feed, which has no channel between processes: another process on the
 * same file (a CLI edit while a server runs) is caught by the client cache's revalidation.
 */
export const sameFileChangeFeed: ChangeFeed = {
  async publish() {},
  subscribe() {
    return () => {};
  },
};
