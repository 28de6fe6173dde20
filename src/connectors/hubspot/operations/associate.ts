import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import { hubspotErrorFacts } from '../api-error.ts';
import { withRateLimitRetry } from './rate-limit.ts';
import { objectType, operationError } from './shared.ts';

const batchSize = 100;

const input = z.strictObject({
  fromObjectType: objectType,
  toObjectType: objectType,
  pairs: z
    .array(
      z.strictObject({
        fromId: z.union([z.string().min(1), z.number()]).describe('Record id on the from side, e.g. a contact.'),
        toId: z.union([z.string().min(1), z.number()]).describe('Record id on the to side, e.g. its company.'),
      }),
    )
    .min(1)
    .describe('The records to associate, sent 100 per request.'),
});

export interface AssociateResult {
  associated: number;
  failed: number;
  /** Pairs HubSpot refused, by position in `pairs`. */
  errors: Array<{ index: number; category: string; message: string }>;
}

export const associate: Operation<Client, typeof input, AssociateResult> = {
  label: 'Associate records',
  description: "Creates HubSpot's default (unlabelled) association between pairs of records, e.g. contacts to their companies, in batches of 100; refused batches are listed in errors.",
  input,
  async run(client, params, context) {
    const result: AssociateResult = { associated: 0, failed: 0, errors: [] };
    for (let start = 0; start < params.pairs.length; start += batchSize) {
      const chunk = params.pairs.slice(start, start + batchSize);
      const inputs = chunk.map((pair) => ({ _from: { id: String(pair.fromId) }, to: { id: String(pair.toId) } }));
      try {
        const answer = await withRateLimitRetry(
          () => client.crm.associations.v4.batchApi.createDefault(params.fromObjectType, params.toObjectType, { inputs }),
          context,
        );
        result.associated += answer.results.length;
      } catch (error) {
        const facts = hubspotErrorFacts(error);
        // HubSpot refuses the whole batch when one of its ids is not a record.
        if (facts?.status !== 400) throw operationError(error, `${params.fromObjectType} to ${params.toObjectType}`);
        result.failed += chunk.length;
        for (let offset = 0; offset < chunk.length; offset += 1) {
          result.errors.push({ index: start + offset, category: facts.category ?? 'VALIDATION_ERROR', message: facts.message });
        }
      }
      context.log(`associated ${result.associated} of ${params.pairs.length} ${params.fromObjectType} to ${params.toObjectType}, ${result.failed} failed`);
    }
    return result;
  },
};
