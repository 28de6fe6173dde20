import { z } from 'zod';
import { modeRoles, timestamp } from './common.ts';
import { userView } from './users.ts';

export const loginBody = z.strictObject({ username: z.string(), password: z.string() });

export const loginResult = z.object({
  user: userView,
  csrfToken: z.string().describe('Send it back in x-csrf-token on every state-changing request'),
  expiresAt: timestamp,
});

export const meResult = z.object({
  user: z.object({ username: z.string(), roles: modeRoles }),
  via: z.enum(['session', 'token']),
  csrfToken: z.string().optional().describe('Present for a session'),
});

export const passwordBody = z.strictObject({ currentPassword: z.string(), newPassword: z.string() });
