import { z } from 'zod';
import { ZiggyError } from '../../../core/index.ts';
import { hubspotErrorFacts } from '../api-error.ts';

export const objectType = z
  .string()
  .min(1)
  .describe("The object type: contacts, companies, deals, tickets, or a custom object's type id (2-1234567) or fully qualified name (p1234567_cars).");

export const idProperty = z
  .string()
  .min(1)
  .optional()
  .describe('A unique property the ids are values of, e.g. email for contacts; leave out when the ids are record ids.');

/** A record as plain data: the SDK's Date fields as ISO text. */
export interface HubSpotRecord {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export function plainRecord(record: { id: string; properties: Record<string, string | null>; createdAt: Date; updatedAt: Date; archived?: boolean }): HubSpotRecord {
  return {
    id: record.id,
    properties: { ...record.properties },
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    archived: record.archived ?? false,
  };
}

/** A HubSpot refusal that stops the whole operation, as a ZiggyError naming what to fix; anything else as it was. */
export function operationError(error: unknown, objectType: string): unknown {
  const facts = hubspotErrorFacts(error);
  if (facts === undefined) return error;
  if (facts.status === 401) return new ZiggyError('bad_input', "HubSpot refused the connection's access token (401): check accessToken.", { hubspotStatus: 401 });
  if (facts.status === 403 && facts.requiredScopes.length > 0) {
    return new ZiggyError('bad_input', `The token's app lacks the scope ${facts.requiredScopes.join(' or ')} for ${objectType}.`, { hubspotStatus: 403, scopes: facts.requiredScopes });
  }
  if (facts.status === 429) return new ZiggyError('rate_limited', `HubSpot kept answering 429 (${facts.message}); try again later.`, { hubspotStatus: 429 });
  if (facts.status < 500) return new ZiggyError('bad_input', `HubSpot refused the request (${facts.status} ${facts.category ?? ''}): ${facts.message}`, { hubspotStatus: facts.status });
  return error;
}
