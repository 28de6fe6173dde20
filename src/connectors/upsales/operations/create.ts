import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { UpsalesClient } from '../client.ts';
import { writeEach, type WriteOutput } from './batch.ts';
import { entity, entityPaths } from './entity.ts';

const input = z.strictObject({
  entity,
  records: z
    .array(z.record(z.string(), z.unknown()))
    .min(1)
    .describe("The records to create, as Upsales's API writes them, e.g. { name: 'Acme AB' } for a company or { name, email, client: { id } } for a contact."),
});

export const create: Operation<UpsalesClient, typeof input, WriteOutput> = {
  label: 'Create records',
  description: 'Creates companies, contacts, orders or activities and returns { written, failed }: each created record with its id, and each refused one with why.',
  input,
  run(client, params, context) {
    return writeEach('create', params.records, (record) => client.create(entityPaths[params.entity], record, { signal: context.signal }), context);
  },
};
