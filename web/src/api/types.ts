/**
 * The REST API's bodies. They mirror the service types 1:1 (see docs/api.md), so these are the
 * same declarations, imported as types only: nothing of the server is bundled into the UI.
 */
export type { Mode, Role, Permission, TestResult, TestStep } from '../../../src/core/index.ts';
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

import type { Mode, Role } from '../../../src/core/index.ts';
import type { UserView } from '../../../src/service/auth-types.ts';

/** `GET /api/auth/me`. */
export interface Me {
  user: { username: string; role: Role };
  via: 'session' | 'token';
  csrfToken?: string;
}

/** `POST /api/auth/login`. */
export interface LoginResponse {
  user: UserView;
  csrfToken: string;
  expiresAt: string;
}

/** `POST /api/connections/:name/test` and `POST /api/connections/test`. */
export interface TestRequest {
  mode?: Mode;
  timeoutMs?: number;
}

/** `PUT /api/secrets/:name`. */
export interface SetSecretBody {
  value: string;
  mode?: Mode;
  description?: string;
  tags?: string[];
}
