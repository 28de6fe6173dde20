import type { FastifyError, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isZiggyError, ZiggyError } from '../core/index.ts';
import type { Redactor } from '../secrets/redactor.ts';
import type { ServerApp } from './server-app.ts';

interface Issue {
  path: string;
  message: string;
}

/** Where a failed request part shows up in `details.issues` paths: `body.devSource`, `query.limit`. */
const partNames: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/**
 * One error shape for the whole API: `{ error, message, details? }` with the ZiggyError's status.
 * Request validation failures become 400 `bad_input` naming the first bad field; anything
 * unexpected becomes a generic 500 `internal` and is logged (redacted) for the operator.
 * Every body goes through the redactor on its way out.
 */
export function installErrorHandling(app: ServerApp, redactor: Redactor): void {
  app.setNotFoundHandler(async (request) => {
    throw new ZiggyError('not_found', `No such route: ${request.method} ${request.url.split('?')[0]}.`);
  });

  app.setErrorHandler(async (error, request, reply) => {
    const known = toZiggyError(error, request);
    if (known.id === 'internal') request.log.error({ err: error }, 'request failed');
    const retryAfter = known.details?.retryAfterSeconds;
    if (known.id === 'rate_limited' && typeof retryAfter === 'number') reply.header('retry-after', String(Math.ceil(retryAfter)));
    return reply.code(known.status).send(redactor.redactValue(known.toJSON()));
  });
}

function toZiggyError(error: unknown, request: FastifyRequest): ZiggyError {
  if (isZiggyError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = partNames[error.validationContext ?? 'body'] ?? 'body';
    const issues: Issue[] = error.validation.map((issue) => ({
      path: part + issue.instancePath.replaceAll('/', '.').replace(/\.$/, ''),
      message: issue.message ?? 'Invalid value.',
    }));
    const [first] = issues;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return new ZiggyError('bad_input', `Bad request field ${first?.path}: ${first?.message}${more}`, { issues });
  }
  if (isClientError(error)) return new ZiggyError('bad_input', `Bad request to ${request.method} ${request.routeOptions.url}: ${error.message}`);
  return new ZiggyError('internal', 'Something went wrong on the server; the details are in the server log.');
}

/** Fastify's own request errors (bad JSON, unsupported content type, body too large) are the caller's to fix. */
function isClientError(error: unknown): error is FastifyError {
  if (!(error instanceof Error) || !('code' in error) || !('statusCode' in error)) return false;
  const { statusCode, code } = error;
  return typeof code === 'string' && code.startsWith('FST_') && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}
