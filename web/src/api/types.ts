/**
 * The REST API's bodies. They mirror the service types 1:1 (see docs/api.md), so these are the
 * same declarations, imported as types only: nothing of the server is bundled into the UI.
 */
export type { Mode, ModeRoles, Role, Permission, TestResult, TestStep } from '../../../src/core/index.ts';
export type {
  ConnectionSummary,
  ConnectionTestOutcome,
  ConnectionTypeView,
  ConnectionView,
  CreateConnectionInput,
  LastTests,
  SaveResult,
  SecretView,
  TestStatus,
  UpdateConnectionInput,
  UpdateSecretInput,
  Warning,
} from '../../../src/service/types.ts';
export type {
  CreatedToken,
  CreateTokenInput,
  CreateUserInput,
  Settings,
  TokenView,
  UpdateUserInput,
  UserView,
} from '../../../src/service/auth-types.ts';
export type { AuditEntry, AuditFilter, RevisionRecord } from '../../../src/store/types.ts';

import type { z } from 'zod';
import type { loginResult, meResult } from '../../../src/server/schemas/auth.ts';
import type { SetSecretInput, TestOptions } from '../../../src/service/types.ts';

/** `GET /api/auth/me`. */
export type Me = z.output<typeof meResult>;

/** `POST /api/auth/login`. */
export type LoginResponse = z.output<typeof loginResult>;

/** `POST /api/connections/:name/test` and `POST /api/connections/test`: the mode defaults to dev. */
export type TestRequest = Partial<TestOptions>;

/** `PUT /api/secrets/:name`: the name is in the path and the mode defaults to dev. */
export type SetSecretBody = Omit<SetSecretInput, 'name' | 'mode'> & Partial<Pick<SetSecretInput, 'mode'>>;

import type { fileEntry, fileListing, writeResult } from '../../../src/server/schemas/files.ts';

/** One entry of `GET /api/connections/:name/files`. */
export type FileEntry = z.output<typeof fileEntry>;

/** `GET /api/connections/:name/files`: a directory's entries, or a file's own entry. */
export type FileListing = z.output<typeof fileListing>;

/** `PUT /api/connections/:name/files/content`. */
export type FileWriteResult = z.output<typeof writeResult>;
