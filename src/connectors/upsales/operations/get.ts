import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';
import type { UpsalesClient, UpsalesRecord } from '../client.ts';
import { entity, entityPaths, operationError, recordId } from './entity.ts';

const input = z.strictObject({ entity, id: recordId });

export const get: Operation<UpsalesClient, typeof input, { record: UpsalesRecord }> = {
  label: 'Get record',
  description: 'Reads one company, contact, order or activity by id and returns { record }.',
  input,
  async run(client, params, context) {
    const path = `${entityPaths[params.entity]}/${params.id}`;
    const record = await client.get(path, {}, { signal: context.signal }).catch((error: unknown) => {
      throw operationError(error, 'get');
    });
    return { record };
  },
};
