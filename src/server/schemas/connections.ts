import { z } from 'zod';
import { mode, modeInput, timestamp } from './common.ts';

const tags = z.array(z.string());
const source = z.string().describe('A config object written as a JavaScript object literal');

export const testStatus = z.object({
  ok: z.boolean(),
  code: z.string(),
  message: z.string(),
  at: timestamp,
  durationMs: z.number(),
});

export const connectionSummary = z.object({
  name: z.string(),
  identifier: z.string().describe('The form usable as connections.NAME in code'),
  type: z.string(),
  description: z.string(),
  tags,
  version: z.number().int(),
  prodUsesDev: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
  updatedBy: z.string(),
  lastTest: z.object({ dev: testStatus.optional(), prod: testStatus.optional() }),
});

export const connectionView = connectionSummary.extend({
  devSource: source,
  prodSource: source.nullable(),
  secretRefs: z.object({ dev: z.array(z.string()), prod: z.array(z.string()) }),
  hiddenSources: z.array(mode).describe("Modes whose source the caller's role there may not read; such a source is left out"),
});

export const sourceView = z.object({
  name: z.string(),
  mode,
  source,
  prodUsesDev: z.boolean().describe('The mode is prod and uses the dev source'),
});

export const sourceParams = z.object({ name: z.string().min(1), mode: modeInput });

export const warning = z.object({
  code: z.enum(['secret_missing', 'secret_literal']),
  message: z.string(),
  mode,
  field: z.string().optional(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const saveResult = z.object({ connection: connectionView, warnings: z.array(warning) });

export const createConnectionBody = z.strictObject({
  name: z.string(),
  type: z.string(),
  description: z.string().optional(),
  tags: tags.optional(),
  devSource: source,
  prodSource: source.nullable().optional(),
});

export const version = z.number().int().positive();

export const updateConnectionBody = z.strictObject({
  description: z.string().optional(),
  tags: tags.optional(),
  devSource: source.optional(),
  prodSource: source.nullable().optional().describe('null clears the prod source so prod uses dev'),
  version: version.optional().describe('The version last seen; or send If-Match: "<version>"'),
});

export const ifMatchHeaders = z.looseObject({
  'if-match': z.string().optional().describe('"<version>": refuse the update when the connection changed since'),
});

export const revisionRecord = z.object({
  connection: z.string(),
  revision: z.number().int(),
  action: z.enum(['create', 'update', 'restore']),
  at: timestamp,
  by: z.string(),
  changed: z.array(z.string()),
  snapshot: z.object({
    type: z.string(),
    description: z.string(),
    tags,
    devSource: source,
    prodSource: source.nullable(),
  }),
  restoredFrom: z.number().int().optional(),
  hiddenSources: z.array(mode).describe("Modes whose source the caller's role there may not read; left out of the snapshot"),
});

export const restoreParams = z.object({ name: z.string().min(1), revision: z.coerce.number().int().positive() });

export const restoreBody = z.strictObject({ version: version.optional() }).nullish();

const timeoutMs = z.number().int().positive().max(120_000).describe('Default 10000');

export const testBody = z.strictObject({ mode: modeInput.optional(), timeoutMs: timeoutMs.optional() }).nullish();

export const draftTestBody = z.strictObject({
  type: z.string(),
  source,
  mode: modeInput.optional(),
  timeoutMs: timeoutMs.optional(),
});

export const testOutcome = z.object({
  ok: z.boolean(),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  hint: z.string().optional(),
  durationMs: z.number(),
  steps: z.array(
    z.object({ name: z.string(), ok: z.boolean(), durationMs: z.number(), message: z.string().optional() }),
  ),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  mode,
  prodUsesDev: z.boolean(),
  fieldLocation: z.object({ line: z.number().int(), column: z.number().int() }).optional(),
});
