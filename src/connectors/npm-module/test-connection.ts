import type { z } from 'zod';
import { classifyNetworkError, runConnectionTest, unexpectedFailure, type TestContext, type TestResult } from '../../core/index.ts';
import { closeNpmModuleClient, createNpmModuleClient, methodAt } from './client.ts';
import type { npmModuleSchema } from './schema.ts';

/** Every string in the arguments: secrets may sit anywhere in them, so all are scrubbed from the result. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Makes the client and, when the config names one, calls the test method. The module's own
 * errors are not mapped to fields (the hub cannot know what they mean): the result carries
 * the error's message with every argument value scrubbed. Only failures Node's network layer
 * reports (refused, unknown host, timeout) point at `args`, where a module is given its address.
 */
export function npmModuleTest(schema: ReturnType<typeof npmModuleSchema>) {
  return (config: z.output<typeof schema>, context: TestContext): Promise<TestResult> =>
    runConnectionTest(
      context,
      async (step) => {
        const valid = schema.parse(config);
        const client = await step('make client', () => createNpmModuleClient(valid));
        try {
          if (valid.test === undefined) return { message: `The module ${valid.module} made a client; no test call is configured.` };
          const { call, args } = valid.test;
          await step(`call ${call}`, async () => methodAt(client, call)(...args));
          return { message: `${valid.module}: ${call} succeeded.` };
        } finally {
          await closeNpmModuleClient(client);
        }
      },
      (error) =>
        classifyNetworkError(error, { host: 'args', port: 'args', tls: 'args' }) ?? {
          ...unexpectedFailure(error),
          code: 'module_error',
          hint: 'The message is the module’s own; the npm-module type does not map it to a config field.',
        },
      { conceal: [...stringsIn((config as { args?: unknown } | undefined)?.args), ...stringsIn((config as { test?: { args?: unknown } } | undefined)?.test?.args)], timeoutField: 'args' },
    );
}
