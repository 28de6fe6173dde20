/** The UI's API client: typed calls per resource, react-query hooks, and the error type. Pages import from here. */
export { ApiError, apiRequest, isApiError, setCsrfToken, setUnauthorizedHandler, type QueryValue, type RequestOptions } from './client.ts';
export { errorText, notifyError, notifySuccess } from './errors.ts';
export { encodeName, queryKeys } from './keys.ts';
export { authApi, useChangePassword, useMe } from './auth.ts';
export {
  connectionsApi,
  useConnection,
  useConnections,
  useCreateConnection,
  useDeleteConnection,
  useRestoreRevision,
  useRevisions,
  useTestConnection,
  useTestDraft,
  useUpdateConnection,
} from './connections.ts';
export { typesApi, useConnectionTypes } from './connection-types.ts';
export { filesApi, useDeleteFile, useFileListing, useUploadFile, type FileTarget, type UploadRequest } from './files.ts';
export {
  secretsApi,
  useClearProdSecret,
  useDeleteSecret,
  useSaveSecret,
  useSecretNames,
  useSecrets,
  useUpdateSecret,
} from './secrets.ts';
export { useCreateUser, useDeleteUser, useUpdateUser, usersApi, useUsers } from './users.ts';
export { tokensApi, useCreateToken, useRevokeToken, useTokens } from './tokens.ts';
export { auditApi, useAudit } from './audit.ts';
export { settingsApi, useSettings, useUpdateSettings } from './settings.ts';
export { pluginsApi, useAddPlugin, usePlugins, useRemovePlugin, type AddPluginInput, type PluginView } from './plugins.ts';
export type * from './types.ts';
