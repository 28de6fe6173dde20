import type { FastifyReply, FastifyRequest } from 'fastify';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { Redactor } from '../secrets/redactor.ts';

/** Credentials that travel in headers; pino's `redact` replaces them before a line is written. */
export const redactedHeaderPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export interface ServerLoggerOptions {
  /** Default: stdout. */
  destination?: DestinationStream;
  level?: Level;
}

/**
 * The server's structured logger. Two nets keep secrets out of it: header credentials are
 * censored by path, and every argument of every log call, and every serialized request,
 * reply and error, goes through the redactor, so a secret value that reaches a log line
 * (say, echoed in a driver's error message) is masked.
 */
export function createServerLogger(redactor: Redactor, options: ServerLoggerOptions = {}): Logger {
  const redacted = <T, R>(serialize: (value: T) => R) => (value: T): R => redactor.redactValue(serialize(value));
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactedHeaderPaths, censor: '[redacted]' },
      serializers: {
        req: redacted((request: FastifyRequest) => ({
          method: request.method,
          url: request.url,
          host: request.host,
          remoteAddress: request.ip,
          headers: { ...request.headers },
        })),
        res: redacted((reply: FastifyReply) => ({ statusCode: reply.statusCode, headers: { ...reply.getHeaders() } })),
        err: redacted(pino.stdSerializers.err),
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => redactor.redactValue(arg)) as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination(1),
  );
}
