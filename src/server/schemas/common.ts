import { z } from 'zod';
import { errorStatus, modes, parseMode, roles, type ErrorId } from '../../core/index.ts';

const errorIds = Object.keys(errorStatus) as [ErrorId, ...ErrorId[]];

/** Every error the API returns: a stable id, a plain message, and structured details that never hold a secret. */
export const errorBody = z.object({
  error: z.enum(errorIds),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** Added to every route's responses, so client errors and server errors are documented and serialized alike. */
export const errorResponses = { '4xx': errorBody, '5xx': errorBody } as const;

/** Responses without a body (204). */
export const noContent = z.undefined().describe('No content');

/** A mode as callers may write it (dev, prod, DEV, PROD), normalized to lower case. */
export const modeInput = z
  .string()
  .regex(/^(dev|prod)$/i, 'Use dev or prod.')
  .transform(parseMode)
  .describe('dev or prod (DEV and PROD are accepted too)');

export const mode = z.enum(modes);

export const role = z.enum(roles);

export const modeRoles = z.object({ dev: role, prod: role }).describe('A role per mode');

export const timestamp = z.string().describe('ISO 8601 time');

/** Query-string booleans: only the words true and false. */
export const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const nameParams = z.object({ name: z.string().min(1) });
