import { z } from 'zod';
import { runStates, runStatuses } from '../../service/run-types.ts';
import { mode, modeInput, timestamp } from './common.ts';

const status = z.enum(runStatuses);

export const runTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('block'), name: z.string(), version: z.number().int(), codeHash: z.string() }),
  z.object({ kind: z.literal('code'), codeHash: z.string() }),
  z.object({ kind: z.literal('operation'), connection: z.string(), operation: z.string() }),
]);

export const runRecord = z.object({
  id: z.string(),
  target: runTarget,
  mode,
  startedBy: z.string().describe('user:alice, token:alice/ci, cli:bob'),
  startedAt: timestamp,
  durationMs: z.number(),
  status: z
    .enum(runStates)
    .describe('A failed run is still a 200: the status says how it ended; queued or running only for a run asked for with wait=false, until it ends'),
  result: z.unknown().optional().describe("A block's return value; an operation's result"),
  outputs: z.array(z.object({ edge: z.number().int(), items: z.array(z.unknown()) })).describe('branchTo data per edge'),
  console: z.array(z.object({ level: z.enum(['log', 'info', 'warn', 'error']), text: z.string(), at: timestamp })),
  error: z.object({ message: z.string(), stack: z.string().optional() }).optional(),
  stats: z.record(z.string(), z.number()).optional().describe('Rows streamed, batches, bytes cut; attempt, when a retry-safe block ran again after its worker stopped'),
  truncated: z.boolean().describe('True when outputs, result or console lines were cut to the size limit'),
});

export const timeoutMs = z
  .number()
  .int()
  .positive()
  .describe("Longest the run may take, ms; at most the server's limit (ZIGGY_RUN_TIMEOUT_MS, default 30000), which is also the default");

export const inputs = z.array(z.unknown()).describe("The block's arguments, in order");

export const runOperationBody = z.strictObject({
  connection: z.string().min(1),
  operation: z.string().min(1),
  params: z.record(z.string(), z.unknown()).describe("The operation's parameters (GET /api/types/:id lists them)"),
  mode: modeInput.optional().describe("Default: the server's default mode"),
});

export const waitQuery = z.object({
  wait: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('false: answer at once (202) with the run queued or running, then read it with GET /api/runs/:id; default true, answer when it ends'),
});

export const runsQuery = z.object({
  target: z.string().min(1).optional().describe('A saved block\'s name, or an operation as connection/operation'),
  status: status.optional(),
  mode: modeInput.optional(),
  startedBy: z.string().min(1).optional(),
  limit: z.string().regex(/^[1-9]\d{0,5}$/, 'Use a whole number from 1 to 999999.').transform(Number).optional(),
});

export const runParams = z.object({ id: z.string().min(1) });
