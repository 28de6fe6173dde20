import { z } from 'zod';
import { ZiggyError } from '../../../core/index.ts';
import { UpsalesApiError } from '../client.ts';

/** The entities the Upsales blocks work on, and their REST paths (companies are `accounts` in the API). */
export const entityPaths = { companies: 'accounts', contacts: 'contacts', orders: 'orders', activities: 'activities' } as const;

export const entity = z
  .enum(['companies', 'contacts', 'orders', 'activities'])
  .describe("What to work on: 'companies' (accounts), 'contacts', 'orders' or 'activities'.");

export type Entity = z.output<typeof entity>;

export const recordId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).describe('The record id.');

/** A refusal that concerns the connection or the service as a whole: no other record of the batch could succeed either. */
export function stopsTheBatch(error: unknown): boolean {
  return !(error instanceof UpsalesApiError) || error.status === 401 || error.status === 403 || error.status === 429 || error.status >= 500;
}

/** An Upsales refusal as a ZiggyError for the operation's caller; other errors (network, abort) pass through. */
export function operationError(error: unknown, action: string): unknown {
  if (!(error instanceof UpsalesApiError)) return error;
  const details = { status: error.status, path: error.path };
  if (error.status === 401 || error.status === 403) {
    return new ZiggyError('forbidden', `${action}: Upsales refused the connection's API key (${error.status}); check apiKey.`, { ...details, field: 'apiKey' });
  }
  if (error.status === 404) return new ZiggyError('not_found', `${action}: ${error.message}`, details);
  if (error.status === 429) return new ZiggyError('rate_limited', `${action}: Upsales is still rate-limiting this key after the retries (429).`, details);
  if (error.status >= 400 && error.status < 500) return new ZiggyError('bad_input', `${action}: ${error.message}`, details);
  return error;
}
