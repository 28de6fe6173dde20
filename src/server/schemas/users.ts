import { z } from 'zod';
import { role, timestamp } from './common.ts';

export const userView = z.object({
  username: z.string(),
  role,
  disabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  lastLoginAt: timestamp.nullable(),
});

export const createUserBody = z.strictObject({ username: z.string(), password: z.string(), role });

export const updateUserBody = z.strictObject({
  role: role.optional(),
  password: z.string().optional(),
  disabled: z.boolean().optional(),
});

export const usernameParams = z.object({ username: z.string().min(1) });
