import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { UpsalesClient } from '../client.ts';
import { writeEach, type WriteOutput } from './batch.ts';
import { entity, entityPaths, recordId } from './entity.ts';

const input = z.strictObject({
  entity,
  records: z
    .array(z.looseObject({ id: recordId }))
    .min(1)
    .describe('The changes, each { id, …fields }: only the fields given are changed.'),
});

export const update: Operation<UpsalesClient, typeof input, WriteOutput> = {
  label: 'Update records',
  description: 'Updates companies, contacts, orders or activities by id and returns { written, failed }: each updated record, and each refused one (e.g. an unknown id) with why.',
  input,
  run(client, params, context) {
    return writeEach(
      'update',
      params.records,
      ({ id, ...fields }) => client.update(entityPaths[params.entity], id, fields, { signal: context.signal }),
      context,
    );
  },
};
