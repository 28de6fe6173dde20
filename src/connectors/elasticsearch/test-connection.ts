import { Client, errors } from '@elastic/elasticsearch';
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
import { decodeCloudId } from './cloud-id.ts';
import { elasticsearchSchema, type ElasticsearchConfig } from './schema.ts';

export const secretFields = ['auth.apiKey', 'auth.apiKey.api_key', 'auth.password', 'auth.bearer'];

/** A Cloud ID that names no node: found before any request is made. */
class CloudIdInvalid extends Error {}

/**
 * Decodes the Cloud ID (when given), then calls `info()` once, with no retries, through the SDK's
 * client: its product check refuses a server that does not say it is Elasticsearch.
 */
export function testElasticsearch(config: ElasticsearchConfig, context: TestContext): Promise<TestResult> {
  return runConnectionTest(
    context,
    async (step, signal) => {
      const valid = elasticsearchSchema.parse(config);
      if (valid.cloud !== undefined) {
        const id = valid.cloud.id;
        await step('decode cloud id', async () => {
          const decoded = decodeCloudId(id);
          if (!decoded.ok) throw new CloudIdInvalid(decoded.reason);
        });
      }
      const client = new Client({ ...clientOptions(valid), maxRetries: 0 });
      return closingClient(signal, () => client.close(), async () => {
        const info = await step('info', () => client.info({}, { signal }));
        const serverless = info.version.build_flavor === 'serverless';
        const flavor = serverless ? 'serverless' : 'stack';
        const mismatch =
          serverless && valid.serverMode !== 'serverless'
            ? " This is a Serverless project: set serverMode: 'serverless'."
            : !serverless && valid.serverMode === 'serverless'
              ? " This is not a Serverless project: leave serverMode out."
              : '';
        return {
          message: `Connected to Elasticsearch ${info.version.number} (${flavor}), cluster "${info.cluster_name}".${mismatch}`,
          details: { version: info.version.number, clusterName: info.cluster_name, flavor, serverless },
        };
      });
    },
    (error) => classifyElasticsearchError(error, config),
    { conceal: valuesAt(config, secretFields), timeoutField: serverField(config) },
  );
}

/** The field naming where the cluster is: `node`, or `cloud.id` for a Cloud deployment. */
function serverField(config: unknown): string {
  return valuesAt(config, ['cloud.id']).length > 0 ? 'cloud.id' : 'node';
}

/** The auth field a refused login is blamed on: the credential actually sent. */
function authField(config: Partial<ElasticsearchConfig>): string {
  const auth = config.auth;
  if (auth?.apiKey !== undefined) return 'auth.apiKey';
  if (auth?.bearer !== undefined) return 'auth.bearer';
  if (auth?.password !== undefined) return 'auth.password';
  return 'auth';
}

const networkCodes = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b/;

/** Maps the SDK's errors (and the network errors its ConnectionError carries as text) to the field to fix. */
export function classifyElasticsearchError(error: unknown, config: Partial<ElasticsearchConfig>): TestFailure {
  const where = serverField(config);
  if (error instanceof CloudIdInvalid) {
    return {
      code: 'cloud_id_invalid',
      message: `The Cloud ID does not decode: ${error.message}.`,
      field: 'cloud.id',
      hint: "Copy the Cloud ID from the deployment's page in the Elastic Cloud console; it looks like 'name:dXMtZWFzdC0x…'.",
    };
  }
  if (error instanceof errors.ProductNotSupportedError) {
    return {
      code: 'not_elasticsearch',
      message: 'The server answered, but it is not Elasticsearch (its answer has no x-elastic-product: Elasticsearch header).',
      field: where,
      hint: `Check that ${where} points at the Elasticsearch endpoint, not at Kibana, a proxy page or another service.`,
    };
  }
  if (error instanceof errors.ResponseError) return responseFailure(error, config, where);
  if (error instanceof errors.TimeoutError) {
    return {
      code: 'timeout',
      message: 'The cluster did not answer within requestTimeout.',
      field: config.requestTimeout === undefined ? where : 'requestTimeout',
      hint: 'Check that the cluster is up and reachable, or raise requestTimeout.',
    };
  }
  if (error instanceof errors.ConnectionError) return connectionFailure(error, config, where);
  return unexpectedFailure(error);
}

function responseFailure(error: errors.ResponseError, config: Partial<ElasticsearchConfig>, where: string): TestFailure {
  const field = authField(config);
  switch (error.statusCode) {
    case 401:
      return {
        code: 'auth_failed',
        message: field === 'auth' ? 'The cluster requires credentials, and none are configured.' : 'The cluster refused the credentials (401).',
        field,
        hint: field === 'auth' ? 'Add auth: { apiKey } (or username and password) referencing a secret.' : hintFor(field),
      };
    case 403:
      return {
        code: 'access_denied',
        message: 'The credentials are valid but may not read the cluster information (403).',
        // The password is right; what lacks the privilege is the user.
        field: field === 'auth.password' ? 'auth.username' : field,
        hint: "Give the user or API key the 'monitor' cluster privilege, or a role that includes it.",
      };
    case 404:
      return {
        code: 'not_elasticsearch',
        message: 'The server has no Elasticsearch root endpoint (404 on /).',
        field: where,
        hint: `Check the URL in ${where}: a path after the host must be where a proxy serves Elasticsearch.`,
      };
  }
  return { code: 'failed', message: `The cluster answered ${error.statusCode ?? 'an error'}: ${error.message.split('\n')[0]}.` };
}

function hintFor(field: string): string {
  if (field === 'auth.apiKey') return 'Check that the API key is the encoded one (or { id, api_key }), is not expired or invalidated, and belongs to this cluster.';
  if (field === 'auth.bearer') return 'Check that the token is current: bearer tokens expire.';
  return 'Check the username and password.';
}

function connectionFailure(error: errors.ConnectionError, config: Partial<ElasticsearchConfig>, where: string): TestFailure {
  const text = error.message;
  if (/CA fingerprint does not match/.test(text)) {
    return {
      code: 'tls_failed',
      message: "The certificate authority of the cluster's certificate does not have the configured fingerprint.",
      field: 'caFingerprint',
      hint: 'Use the SHA-256 fingerprint of the http_ca.crt the cluster printed at its first start.',
    };
  }
  const code = networkCodes.exec(text)?.[1];
  const target = targetOf(config);
  const network = classifyNetworkError({ code, message: text }, { host: where, port: where, tls: config.caFingerprint === undefined ? 'tls.ca' : 'caFingerprint' }, target);
  if (network !== undefined) return network;
  if (/certificate|self.signed|unable to verify/i.test(text)) {
    if (config.caFingerprint !== undefined && config.tls?.rejectUnauthorized !== false) {
      return {
        code: 'tls_failed',
        message: "The cluster's TLS certificate is not trusted by this machine, so the connection ended before caFingerprint was checked.",
        field: 'tls.rejectUnauthorized',
        hint: 'With caFingerprint for a self-signed CA, set tls: { rejectUnauthorized: false } as the Elastic docs do: the fingerprint pin then checks the CA. Or give tls.ca instead.',
      };
    }
    return {
      code: 'tls_failed',
      message: "The cluster's TLS certificate is not trusted.",
      field: 'tls.ca',
      hint: "Give tls.ca the PEM of the authority that signed it (a self-managed cluster's http_ca.crt), or caFingerprint.",
    };
  }
  return unexpectedFailure(error);
}

function targetOf(config: Partial<ElasticsearchConfig>): { host?: string; port?: number } {
  const node = config.node ?? (config.cloud === undefined ? undefined : decodedNode(config.cloud.id));
  if (node === undefined) return {};
  const url = new URL(node);
  return { host: url.hostname, port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port) };
}

function decodedNode(id: string): string | undefined {
  const decoded = decodeCloudId(id);
  return decoded.ok ? decoded.node : undefined;
}
