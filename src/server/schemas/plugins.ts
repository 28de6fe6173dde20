import { z } from 'zod';
import { timestamp } from './common.ts';

export const pluginView = z.object({
  name: z.string(),
  kind: z.enum(['connector', 'module']).describe('connector: adds a connection type; module: may be named by the npm-module type'),
  spec: z.string().describe('What was installed: a registry name or an absolute local folder'),
  version: z.string(),
  integrity: z.string().nullable().describe("npm's integrity of the tarball; null for a local folder"),
  type: z.string().optional().describe('The connection type id a connector adds'),
  addedBy: z.string(),
  addedAt: timestamp,
  status: z.enum(['loaded', 'failed', 'pending']).describe('pending: recorded after this server started; it loads at the next start'),
  error: z.string().optional().describe('Why it failed to load'),
});

export const addPluginBody = z.strictObject({
  spec: z.string().min(1).describe('An npm package name with an optional version (twilio-connector@1.2.0) or a local folder on the server (./examples/connector-twilio)'),
  kind: z.enum(['connector', 'module']).default('connector'),
});

export const pluginNameParams = z.object({ name: z.string().min(1) });
