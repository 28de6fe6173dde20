import path from 'node:path';
import type { Command } from 'commander';
import { masterKeyEnvVar, masterKeyFileName } from '../../secrets/index.ts';
import type { CliContext } from '../context.ts';
import { listOrDash, renderFields } from '../output/table.ts';

const nextSteps = [
  `printf '%s' "$DB_PASSWORD" | ziggy secrets set DB_PASSWORD`,
  'ziggy connections create warehouse --type postgres --dev-file warehouse.dev.js',
  'ziggy connections test warehouse --mode dev',
];

export function registerStartCommand(program: Command, context: CliContext): void {
  program
    .command('start')
    .description('show where the data lives, what is in it, and how to begin')
    .action(async () => {
      const services = await context.services();
      const [connections, secrets] = await Promise.all([services.connections.list(), services.secrets.list()]);
      const types = (await services.types.list()).map((type) => type.id);
      const keyFile = path.join(services.dataDir, masterKeyFileName);
      const keySource = services.masterKeySource;
      if (context.json) {
        return context.printJson({
          dataDir: services.dataDir,
          masterKey: keySource === 'env' ? { source: 'env' } : { source: keySource, file: keyFile },
          connections: connections.length,
          secrets: secrets.length,
          types,
        });
      }
      const masterKey = keySource === 'env'
        ? `from ${masterKeyEnvVar}`
        : `${keyFile}${keySource === 'generated' ? ' (generated now)' : ''}`;
      const summary = renderFields([
        ['data dir', services.dataDir],
        ['master key', masterKey],
        ['connections', String(connections.length)],
        ['secrets', String(secrets.length)],
        ['connection types', listOrDash(types)],
      ]);
      const keyAdvice = keySource === 'env'
        ? ''
        : `\nKeep ${keyFile} safe: without it the secrets cannot be decrypted. Back it up apart from the data, or set ${masterKeyEnvVar} instead.\n`;
      context.out(
        `${context.style.bold('Ziggy Connections')}\n\n${summary}${keyAdvice}\n` +
          `Next steps:\n${nextSteps.map((step) => `  ${step}\n`).join('')}\n` +
          program.helpInformation(),
      );
    });
}
