import { z } from 'zod';
import { booleanQuery, modeRoles, role, timestamp } from './common.ts';

export const tokenView = z.object({
  id: z.string(),
  name: z.string(),
  username: z.string().describe('The owner'),
  role: role.describe("The token's ceiling in every mode, as created"),
  roles: modeRoles.describe('What it may do in each mode now: its role capped by the owner\'s role there'),
  prefix: z.string().describe('The first characters of the token, to recognise it'),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});

export const createdToken = z.object({
  token: z.string().describe('The whole token, shown once'),
  view: tokenView,
});

export const createTokenBody = z.strictObject({
  name: z.string(),
  role: role.optional().describe("The token's ceiling in every mode; default: the owner's highest role. Each mode is capped at the owner's role there"),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  username: z.string().optional().describe('Admin only: the owner, when not the caller'),
});

export const tokensQuery = z.object({ all: booleanQuery.optional().describe("Admin only: everyone's tokens") });

export const tokenParams = z.object({ id: z.string().min(1) });
