import path from 'node:path';
import type { Command } from 'commander';
import type { RemoteServices } from '../../client/remote-services.ts';
import { describeRoles } from '../../core/index.ts';
import { masterKeyEnvVar, masterKeyFileName } from '../../secrets/index.ts';
import type { OpenedServices } from '../../service/index.ts';
import type { Services } from '../../service/types.ts';
import type { CliContext } from '../context.ts';
import { listOrDash, renderFields } from '../output/table.ts';

const nextSteps = [
  `printf '%s' "$DB_PASSWORD" | ziggy secrets set DB_PASSWORD`,
  'ziggy connections create warehouse --type postgres --dev-file warehouse.dev.js',
  'ziggy connections test warehouse --mode dev',
];

/** Where the data lives, for the summary: the text fields, the `--json` fields and any advice. */
interface Place {
  fields: Array<[string, string]>;
  json: Record<string, unknown>;
  advice: string;
}

export function registerStartCommand(program: Command, context: CliContext): void {
  program
    .command('start')
    .description('show where the data lives, what is in it, and how to begin')
    .action(async () => {
      const target = await context.target();
      const place = target.kind === 'local' ? localPlace(target.services) : await remotePlace(target.services);
      const { connections, secrets, types } = await counts(target.services);
      if (context.json) return context.printJson({ ...place.json, connections, secrets, types });
      const summary = renderFields([
        ...place.fields,
        ['connections', String(connections)],
        ['secrets', String(secrets)],
        ['connection types', listOrDash(types)],
      ]);
      context.out(
        `${context.style.bold('Ziggy Connections')}\n\n${summary}${place.advice}\n` +
          `Next steps:\n${nextSteps.map((step) => `  ${step}\n`).join('')}\n` +
          program.helpInformation(),
      );
    });
}

async function counts(services: Services): Promise<{ connections: number; secrets: number; types: string[] }> {
  const [connections, secrets, types] = await Promise.all([services.connections.list(), services.secrets.list(), services.types.list()]);
  return { connections: connections.length, secrets: secrets.length, types: types.map((type) => type.id) };
}

function localPlace(services: OpenedServices): Place {
  const keyFile = path.join(services.dataDir, masterKeyFileName);
  const keySource = services.masterKeySource;
  const masterKey = keySource === 'env'
    ? `from ${masterKeyEnvVar}`
    : `${keyFile}${keySource === 'generated' ? ' (generated now)' : ''}`;
  return {
    fields: [['data dir', services.dataDir], ['master key', masterKey]],
    json: {
      dataDir: services.dataDir,
      masterKey: keySource === 'env' ? { source: 'env' } : { source: keySource, file: keyFile },
    },
    advice: keySource === 'env'
      ? ''
      : `\nKeep ${keyFile} safe: without it the secrets cannot be decrypted. Back it up apart from the data, or set ${masterKeyEnvVar} instead.\n`,
  };
}

/** The master key stays on the server; what matters here is which server and whose token. */
async function remotePlace(services: RemoteServices): Promise<Place> {
  const { user, via } = await services.whoami();
  return {
    fields: [['server', services.server], ['signed in as', `${user.username} (${describeRoles(user.roles)}, by ${via})`]],
    json: { server: services.server, user, via },
    advice: '',
  };
}
