import { z } from 'zod';

/**
 * The npm-module type's one schema, for an allowlist: `module` must be a package an admin allowed
 * (`ziggy plugins allow`), and `moduleFile` is always set from the allowlist to the file that
 * package resolves to, whatever the config wrote, so a config can never point at another file.
 */
export function npmModuleSchema(allowed: ReadonlyMap<string, string>) {
  return z
    .strictObject({
      module: z.string().min(1).describe('An npm package an admin allowed with `ziggy plugins allow`, e.g. stripe'),
      construct: z
        .string()
        .regex(/^(default|new|module|(new )?[A-Za-z_$][\w$]*)$/)
        .default('default')
        .describe("How the client is made: 'default' calls the default export (with new when it is a class), 'new' always constructs it, 'module' takes the module itself, '<export>' calls a named export, 'new <Export>' constructs one"),
      args: z.array(z.unknown()).default([]).describe('The arguments passed to the constructor or factory; secrets may be used in any of them'),
      test: z
        .strictObject({
          call: z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/).describe("A method of the client the test calls, as a dotted path: 'balance.retrieve'"),
          args: z.array(z.unknown()).default([]).describe('The arguments of that call'),
        })
        .optional()
        .describe('A call that proves the client works; without it the test only makes the client'),
      close: z.string().regex(/^[A-Za-z_$][\w$]*$/).optional().describe("A method of the client that releases it (e.g. 'end' or 'close'), called when the client is dropped"),
      moduleFile: z.string().optional().describe('Set by the hub from the allowlist; a value written here is replaced'),
    })
    .superRefine((config, context) => {
      if (!allowed.has(config.module)) {
        const list = allowed.size === 0 ? 'none is allowed yet' : `allowed: ${[...allowed.keys()].join(', ')}`;
        context.addIssue({ code: 'custom', path: ['module'], message: `"${config.module}" is not on this hub's module allowlist (${list}); an admin adds it with: ziggy plugins allow ${config.module}` });
      }
    })
    .overwrite((config) => ({ ...config, moduleFile: allowed.get(config.module) }));
}

export type NpmModuleConfig = z.output<ReturnType<typeof npmModuleSchema>>;
