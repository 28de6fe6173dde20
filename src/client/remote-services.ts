import type { z } from 'zod';
import type { meResult } from '../server/schemas/auth.ts';
import type { UserAdminService } from '../service/auth-types.ts';
import type { PluginService } from '../service/plugins/index.ts';
import type { Services } from '../service/types.ts';
import { remoteAudit } from './audit.ts';
import { remoteBlocks } from './blocks.ts';
import { remoteConnections } from './connections.ts';
import { remoteFiles } from './files.ts';
import { remotePlugins } from './plugins.ts';
import { createHttpClient, type RemoteOptions } from './http.ts';
import { remoteRuns } from './runs.ts';
import { remoteSecrets } from './secrets.ts';
import { remoteTypes } from './connection-types.ts';
import { remoteUsers } from './users.ts';

export type { RemoteOptions } from './http.ts';
export { tokenRefusedMessage } from './errors.ts';

/** Who the token belongs to, as `GET /api/auth/me` tells. */
export type WhoAmI = Omit<z.output<typeof meResult>, 'csrfToken'>;

/** The services of a Ziggy server, called over its REST API. */
export interface RemoteServices extends Services {
  /** The server's base URL, without a trailing slash. */
  server: string;
  /** Needs an admin token. */
  users: UserAdminService;
  /** Needs an admin token. */
  plugins: PluginService;
  whoami(): Promise<WhoAmI>;
}

/** Throws `bad_input` at once when the URL is not an http(s) URL; nothing is sent until a method is called. */
export function openRemoteServices(options: RemoteOptions): RemoteServices {
  const http = createHttpClient(options);
  return {
    server: http.server,
    connections: remoteConnections(http),
    secrets: remoteSecrets(http),
    audit: remoteAudit(http),
    types: remoteTypes(http),
    blocks: remoteBlocks(http),
    runs: remoteRuns(http),
    files: remoteFiles(http),
    users: remoteUsers(http),
    plugins: remotePlugins(http),
    whoami: async () => {
      const { user, via } = await http.request<WhoAmI>('GET', '/api/auth/me');
      return { user: { username: user.username, roles: user.roles }, via };
    },
    // Each request stands alone: there is no session or socket of ours to end.
    close: async () => undefined,
  };
}
