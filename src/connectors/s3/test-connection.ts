import { HeadBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import {
  classifyNetworkError,
  closingClient,
  runConnectionTest,
  unexpectedFailure,
  valuesAt,
  type TestContext,
  type TestFailure,
  type TestResult,
} from '../../core/index.ts';
import { clientOptions } from './client.ts';
import { s3Schema, type S3Config } from './schema.ts';

const concealed = ['credentials.accessKeyId', 'credentials.secretAccessKey', 'credentials.sessionToken'];

/** The SDK's names for the link of the default chain that gave the credentials (`$source` on the identity). */
const credentialSources: Record<string, string> = {
  CREDENTIALS_ENV_VARS: 'environment variables',
  CREDENTIALS_PROFILE: 'shared config files (profile)',
  CREDENTIALS_SSO: 'AWS SSO',
  CREDENTIALS_PROCESS: 'credential_process',
  CREDENTIALS_STS_ASSUME_ROLE_WEB_ID: 'web identity token',
  CREDENTIALS_HTTP: 'container credentials endpoint',
  CREDENTIALS_IMDS: 'instance metadata (EC2 role)',
};

/**
 * Resolves the credentials (config, or the default chain, saying which link gave them) and makes one
 * signed call that S3-compatible stores answer too: HeadBucket on the default bucket, else ListBuckets.
 */
export function testS3(config: S3Config, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = s3Schema.parse(config);
      // One attempt: a retry on a refused or silent endpoint would only hide the cause behind a timeout.
      const client = new S3Client({ ...clientOptions(valid), maxAttempts: 1 });
      return closingClient(signal, async () => client.destroy(), async () => {
        const source = await step('resolve credentials', () => credentialSource(client, valid));
        const where = valid.endpoint ?? `AWS ${valid.region}`;
        if (valid.bucket !== undefined) {
          const bucket = valid.bucket;
          const head = await step('head bucket', () => client.send(new HeadBucketCommand({ Bucket: bucket }), { abortSignal: signal }));
          const details: Record<string, string> = { credentialSource: source, bucket };
          if (head.BucketRegion !== undefined) details.bucketRegion = head.BucketRegion;
          return { message: `Signed in with credentials from ${source}; the bucket "${bucket}" on ${where} can be read.`, details };
        }
        const listed = await step('list buckets', () => client.send(new ListBucketsCommand({}), { abortSignal: signal }));
        const buckets = listed.Buckets?.length ?? 0;
        return {
          message: `Signed in with credentials from ${source}; ${buckets} bucket${buckets === 1 ? '' : 's'} on ${where}.`,
          details: { credentialSource: source, buckets },
        };
      });
    },
    (error) => classifyS3Error(error, config),
    { conceal: valuesAt(config, concealed), timeoutField: serverField(config) },
  );
}

async function credentialSource(client: S3Client, config: S3Config): Promise<string> {
  if (config.credentials !== undefined) return 'the configuration';
  const identity = await client.config.credentials();
  const marks = '$source' in identity && typeof identity.$source === 'object' && identity.$source !== null ? identity.$source : {};
  const feature = Object.keys(marks).find((key) => key in credentialSources);
  return feature === undefined ? 'the default credential chain' : `the default credential chain: ${credentialSources[feature]}`;
}

/** Where a network failure is blamed: the endpoint when one is set, else the region (which picks AWS's host). */
function serverField(config: unknown): string {
  return valuesAt(config, ['endpoint']).length === 0 ? 'region' : 'endpoint';
}

interface ServiceFacts {
  name: string;
  status: number | undefined;
  message: string;
  /** The region the store says the bucket lives in (header or error body), when it says so. */
  rightRegion: string | undefined;
}

function serviceFacts(error: unknown): ServiceFacts | undefined {
  if (!(error instanceof Error) || !('$metadata' in error)) return undefined;
  const record = error as Error & { $metadata?: { httpStatusCode?: number }; $response?: { headers?: Record<string, string> }; Region?: unknown };
  const fromHeader = record.$response?.headers?.['x-amz-bucket-region'];
  const fromBody = typeof record.Region === 'string' ? record.Region : /expecting '([a-z0-9-]+)'/.exec(error.message)?.[1];
  return { name: error.name, status: record.$metadata?.httpStatusCode, message: error.message, rightRegion: fromHeader ?? fromBody };
}

/** Maps S3's error codes (and HeadBucket's bare statuses) and network errors to the field to fix. */
export function classifyS3Error(error: unknown, config: Partial<S3Config>): TestFailure {
  const facts = serviceFacts(error);
  const bucket = config.bucket;
  if (facts !== undefined) {
    const failure = classifyServiceError(facts, config, bucket);
    if (failure !== undefined) return failure;
  }
  if (error instanceof Error && error.name === 'CredentialsProviderError') {
    return {
      code: 'no_credentials',
      message: 'No credentials were given and the default AWS credential chain found none.',
      field: 'credentials',
      hint: 'Add credentials: { accessKeyId, secretAccessKey } referencing secrets, or give the server AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile or a role.',
    };
  }
  const target = endpointTarget(config.endpoint);
  const field = serverField(config);
  const network = classifyNetworkError(error, { host: field, port: field, tls: field }, target);
  if (network !== undefined) return network;
  return unexpectedFailure(error);
}

function classifyServiceError(facts: ServiceFacts, config: Partial<S3Config>, bucket: string | undefined): TestFailure | undefined {
  switch (facts.name) {
    case 'InvalidAccessKeyId':
      return {
        code: 'auth_failed',
        message: 'The store does not know this access key id.',
        field: 'credentials.accessKeyId',
        hint: 'Check the access key id (and that it was not deleted or deactivated), and that endpoint points at the store the key belongs to.',
      };
    case 'SignatureDoesNotMatch':
      return {
        code: 'auth_failed',
        message: 'The request signature does not match: the secret access key is wrong for this access key id.',
        field: 'credentials.secretAccessKey',
        hint: 'Check the secret access key; it belongs with the access key id it was issued with.',
      };
    case 'InvalidToken':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return {
        code: 'auth_failed',
        message: 'The session token is invalid or has expired.',
        field: 'credentials.sessionToken',
        hint: 'Temporary credentials expire: issue new ones, or use long-lived keys without a session token.',
      };
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return wrongRegion(facts, config);
    case 'NoSuchBucket':
      return noSuchBucket(bucket);
    case 'AccessDenied':
      return accessDenied(bucket);
  }
  // HeadBucket answers with a status and no body, so the SDK names the error after the status.
  switch (facts.status) {
    case 301:
      return wrongRegion(facts, config);
    case 404:
      return bucket === undefined ? undefined : noSuchBucket(bucket);
    case 403:
      return accessDenied(bucket);
  }
  return undefined;
}

function wrongRegion(facts: ServiceFacts, config: Partial<S3Config>): TestFailure {
  const right = facts.rightRegion;
  return {
    code: 'wrong_region',
    message: `The ${config.bucket === undefined ? 'request' : `bucket "${config.bucket}"`} is not in the region ${config.region ?? 'configured'}.`,
    field: 'region',
    hint: right === undefined ? 'Set region to the region the bucket was created in.' : `Set region: '${right}'.`,
  };
}

function noSuchBucket(bucket: string | undefined): TestFailure {
  return {
    code: 'bucket_not_found',
    message: `The bucket${bucket === undefined ? '' : ` "${bucket}"`} does not exist.`,
    field: 'bucket',
    hint: 'Check the bucket name (bucket names are global on AWS and case-sensitive), and endpoint for S3-compatible stores.',
  };
}

function accessDenied(bucket: string | undefined): TestFailure {
  const action = bucket === undefined ? 's3:ListAllMyBuckets' : `s3:ListBucket on arn:aws:s3:::${bucket}`;
  return {
    code: 'access_denied',
    message: `The credentials are valid but the policy does not allow ${action}.`,
    hint: `Allow ${action} in the user's or role's policy${bucket === undefined ? ', or set bucket to test only the bucket the keys may use' : ' (and the bucket policy)'}.`,
  };
}

function endpointTarget(endpoint: string | undefined): { host?: string; port?: number } {
  if (endpoint === undefined) return {};
  try {
    const url = new URL(endpoint);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { host: url.hostname, port };
  } catch {
    return {};
  }
}
