// `node setup/main.ts <test|server> [--requirements FILE.json]`: the bootstrap as a command, run by the
// `pretest` and `prestart` npm scripts. `--requirements` replaces the declared list (the bootstrap's own
// tests use it to ask for a package that does not exist).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { bootstrap } from './bootstrap.ts';
import { localMachine } from './machine.ts';
import { type Requirements, requirements } from './requirements.ts';

const packageSchema = z.object({
  package: z.string().regex(/^[a-z0-9][a-z0-9.+-]*$/, 'a Debian package name'),
  provides: z.array(z.string().startsWith('/')).min(1),
  why: z.string().min(1),
});
const requirementsSchema = z.object({
  server: z.array(packageSchema),
  test: z.array(packageSchema),
  services: z.array(
    z.object({ name: z.string().min(1), port: z.number().int().min(1).max(65535), start: z.string().min(1), why: z.string().min(1) }),
  ),
});

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readRequirements(path: string): Requirements {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    fail(`[setup] cannot read --requirements ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = requirementsSchema.safeParse(parsed);
  if (!result.success) fail(`[setup] --requirements ${path} is not valid:\n${z.prettifyError(result.error)}`);
  return result.data;
}

const { values, positionals } = parseArgs({ options: { requirements: { type: 'string' } }, allowPositionals: true });
const [purpose, ...extra] = positionals;
if ((purpose !== 'test' && purpose !== 'server') || extra.length > 0) {
  fail('usage: node setup/main.ts <test|server> [--requirements FILE.json]');
}
const outcome = await bootstrap(purpose, values.requirements ? readRequirements(values.requirements) : requirements, localMachine);
if (!outcome.ok) fail(outcome.message);
