/**
 * Every failure the product reports carries a stable id (for programs), an HTTP status
 * (for the API) and a plain message (for people). `details` holds structured context
 * such as a config position or field paths; it never holds a secret value.
 */
export const errorStatus = {
  bad_input: 400,
  name_invalid: 400,
  mode_invalid: 400,
  config_syntax: 400,
  config_invalid: 422,
  secret_missing: 422,
  type_unknown: 400,
  unauthorized: 401,
  forbidden: 403,
  connection_not_found: 404,
  secret_not_found: 404,
  revision_not_found: 404,
  user_not_found: 404,
  token_not_found: 404,
  block_not_found: 404,
  run_not_found: 404,
  not_found: 404,
  name_taken: 409,
  /** A file write that would replace a file without `overwrite`. */
  file_exists: 409,
  version_conflict: 409,
  secret_in_use: 409,
  operation_unknown: 404,
  rate_limited: 429,
  internal: 500,
  /** Block runs need the OS sandbox, which cannot start on this machine. */
  sandbox_unavailable: 503,
  /** The CLI could not reach a Ziggy server over the network. */
  server_unreachable: 502,
  /** The system a connection names failed the hub's own use of it (a file transfer): refused, unreachable, dropped. */
  connection_failed: 502,
  /** The PostgreSQL store named by ZIGGY_STORE_URL could not be reached or opened. */
  store_unavailable: 503,
  /** The PostgreSQL store's migrations are pending (opened with ZIGGY_STORE_MIGRATE=manual). */
  store_not_migrated: 503,
  /** A plugin package that does not export a valid connector, or whose id is taken. */
  plugin_invalid: 422,
  /** npm could not install the package a plugin names. */
  plugin_install_failed: 422,
  plugin_not_found: 404,
  plugin_exists: 409,
  /** A plugin whose type saved connections still use. */
  plugin_in_use: 409,
} as const;

export type ErrorId = keyof typeof errorStatus;

export class ZiggyError extends Error {
  readonly id: ErrorId;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(id: ErrorId, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ZiggyError';
    this.id = id;
    this.status = errorStatus[id];
    this.details = details;
  }

  toJSON(): { error: ErrorId; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { error: this.id, message: this.message }
      : { error: this.id, message: this.message, details: this.details };
  }
}

export function isZiggyError(value: unknown): value is ZiggyError {
  return value instanceof ZiggyError;
}
