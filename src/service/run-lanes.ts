import type { Actor } from '../store/types.ts';

/**
 * The person a block's code comes from, for its runner's trust lane: a token acts for its
 * owner (`token:alice/ci` → `user:alice`), so a user's session and tokens share warm runners,
 * which hold nothing that user could not see anyway.
 */
export function laneAuthor(actor: Actor): string {
  const token = /^token:([^/]+)\//.exec(actor);
  return token === null ? actor : `user:${token[1]}`;
}
