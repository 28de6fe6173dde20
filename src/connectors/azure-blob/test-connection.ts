import { RestError } from '@azure/storage-blob';
import {
  classifyNetworkError,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
  type TestSuccess,
} from '../../core/index.ts';
import { serviceClient, serviceUrl } from './client.ts';
import { azureBlobSchema, type AzureBlobConfig } from './schema.ts';

const concealed = ['connectionString', 'accountKey', 'sasToken'];

/** Lists the first blob of the default container, else the account's first containers; one try per request. */
export function testAzureBlob(config: AzureBlobConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal): Promise<TestSuccess> => {
      const valid = azureBlobSchema.parse(config);
      // One try: the SDK's retries would hide a refused or silent endpoint behind the timeout.
      const service = serviceClient(valid, { retryOptions: { maxTries: 1 } });
      const account = service.accountName;
      if (valid.container !== undefined) {
        const container = valid.container;
        // Listing needs only the list permission, which a container SAS has; Get Container Properties does not accept a service SAS.
        const blobs = await step('list blobs', async () => {
          const iterator = service.getContainerClient(container).listBlobsFlat({ abortSignal: signal }).byPage({ maxPageSize: 1 });
          return (await iterator.next()).value;
        });
        const empty = (blobs?.segment.blobItems.length ?? 0) === 0;
        return {
          message: `Signed in to the account "${account}"; the container "${container}" exists and ${empty ? 'is empty' : 'holds blobs'}.`,
          details: { account, container, empty },
        };
      }
      const page = await step('list containers', async () => {
        const iterator = service.listContainers({ abortSignal: signal }).byPage({ maxPageSize: 100 });
        return (await iterator.next()).value;
      });
      const containers = page?.containerItems?.length ?? 0;
      return {
        message: `Signed in to the account "${account}"; ${containers}${containers === 100 ? ' or more' : ''} container${containers === 1 ? '' : 's'}.`,
        details: { account, containers },
      };
    },
    (error) => classifyAzureBlobError(error, config),
    { conceal: valuesAt(config, concealed), timeoutField: serverField(config) },
  );
}

/** Where the service address came from: the connection string, the url, or the account name. */
function serverField(config: unknown): string {
  if (valuesAt(config, ['connectionString']).length > 0) return 'connectionString';
  return valuesAt(config, ['url']).length > 0 ? 'url' : 'accountName';
}

function credentialField(config: Partial<AzureBlobConfig>): string {
  if (config.connectionString !== undefined) return 'connectionString';
  return config.accountKey !== undefined ? 'accountKey' : 'sasToken';
}

/** Maps the service's error codes and network errors to the field to fix. */
export function classifyAzureBlobError(error: unknown, config: Partial<AzureBlobConfig>): TestFailure {
  if (error instanceof RestError) {
    const code = error.code ?? '';
    // Azure answers a wrong key or SAS signature with AuthenticationFailed; Azurite, and Azure when the
    // account's network rules or disabled key access refuse the request, with AuthorizationFailure.
    if (code === 'AuthenticationFailed' || code === 'AuthorizationFailure' || (error.statusCode === 403 && code === '')) {
      const field = credentialField(config);
      const network = code === 'AuthorizationFailure' ? " If it is right, the account's network rules may not allow this machine." : '';
      return {
        code: 'auth_failed',
        message: field === 'sasToken' ? 'The service refused the SAS token.' : 'The service refused the request signature: the account key is wrong for this account.',
        field,
        hint:
          (field === 'sasToken'
            ? 'Check the SAS token: it may have expired, or lack the permissions (list/read) or services (blob) needed.'
            : 'Check the account key (Access keys in the portal; a rotated key stops working) and the account name.') + network,
      };
    }
    if (code === 'ContainerNotFound') {
      return {
        code: 'container_not_found',
        message: `The container "${config.container ?? ''}" does not exist.`,
        field: 'container',
        hint: 'Check the container name: lower case letters, digits and dashes.',
      };
    }
    if (code.startsWith('Authorization')) {
      return {
        code: 'access_denied',
        message: `The credentials are valid but may not ${config.container === undefined ? 'list containers' : 'read this container'} (${code}).`,
        field: credentialField(config),
        hint: 'Give the SAS token list and read permissions on the blob service, or use a key or role that has them.',
      };
    }
    if (code === 'ResourceNotFound' || code === 'InvalidResourceName' || code === 'InvalidUri') {
      return {
        code: 'account_not_found',
        message: 'The service does not know this account or address.',
        field: serverField(config),
        hint: 'Check the account name and the url.',
      };
    }
  }
  const field = serverField(config);
  const network = classifyNetworkError(error, { host: field, port: field, tls: field }, target(config));
  if (network !== undefined) return network;
  return unexpectedFailure(error);
}

function target(config: Partial<AzureBlobConfig>): { host?: string; port?: number } {
  if (config.connectionString !== undefined) return {};
  try {
    const url = new URL(serviceUrl(azureBlobSchema.parse(config)));
    return { host: url.hostname, port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port) };
  } catch {
    return {};
  }
}
