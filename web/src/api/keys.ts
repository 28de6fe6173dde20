import type { FileTarget } from './files.ts';
import type { AuditFilter } from './types.ts';

/** react-query keys, in one place so a change can invalidate what it affects. */
export const queryKeys = {
  me: ['me'] as const,
  connections: ['connections'] as const,
  connection: (name: string) => ['connections', 'one', name] as const,
  revisions: (name: string) => ['connections', 'revisions', name] as const,
  connectionFiles: (connection: string) => ['files', connection] as const,
  files: ({ connection, mode, location, path }: FileTarget) => ['files', connection, mode, location ?? '', path] as const,
  types: ['types'] as const,
  type: (id: string) => ['types', id] as const,
  secrets: ['secrets'] as const,
  secret: (name: string) => ['secrets', 'one', name] as const,
  users: ['users'] as const,
  tokens: (all: boolean) => ['tokens', all] as const,
  allTokens: ['tokens'] as const,
  audit: (filter: AuditFilter) => ['audit', filter] as const,
  settings: ['settings'] as const,
  plugins: ['plugins'] as const,
};

export const encodeName = (name: string): string => encodeURIComponent(name);
