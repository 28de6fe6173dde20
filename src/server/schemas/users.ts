import { z } from 'zod';
import { modeRoles, role, timestamp } from './common.ts';

export const userView = z.object({
  username: z.string(),
  roles: modeRoles,
  disabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  lastLoginAt: timestamp.nullable(),
});

const sameRole = role.describe('The same role in both modes; or send roles');

export const createUserBody = z.strictObject({
  username: z.string(),
  password: z.string(),
  role: sameRole.optional(),
  roles: modeRoles.optional(),
});

export const updateUserBody = z.strictObject({
  role: sameRole.optional(),
  roles: z.strictObject({ dev: role.optional(), prod: role.optional() }).optional().describe('The modes given change; the others keep their role'),
  password: z.string().optional(),
  disabled: z.boolean().optional(),
});

export const usernameParams = z.object({ username: z.string().min(1) });
