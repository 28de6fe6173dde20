import type { Connection } from 'jsforce';
import { z } from 'zod';
import type { Operation } from '../../../core/index.ts';

const describeInput = z.strictObject({
  object: z.string().min(1).describe('The object’s API name: Account, Contact, Opportunity, My_Object__c'),
});

export interface FieldSummary {
  name: string;
  label: string;
  type: string;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
}

export const describe: Operation<Connection, typeof describeInput> = {
  label: 'SalesForce Read: describe an object',
  description: "An object's fields (name, label, type, whether it may be empty, created, updated, or is an external id) as Salesforce describes them.",
  input: describeInput,
  async run(connection, input) {
    const described = await connection.describe(input.object);
    const fields: FieldSummary[] = described.fields.map((field) => ({
      name: field.name,
      label: field.label,
      type: field.type,
      nillable: field.nillable,
      createable: field.createable,
      updateable: field.updateable,
      externalId: field.externalId === true,
    }));
    return { name: described.name, label: described.label, fields };
  },
};
