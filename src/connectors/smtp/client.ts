import nodemailer from 'nodemailer';
import type { SMTPPoolOptions, SMTPPoolSentMessageInfo } from 'nodemailer/lib/smtp-pool';
import type Mail from 'nodemailer/lib/mailer';
import { portOf, type SmtpConfig } from './schema.ts';

/** A pooled nodemailer transport: `sendMail(message)`, `verify()`, `close()`. */
export type SmtpTransport = Mail<SMTPPoolSentMessageInfo, SMTPPoolOptions>;

/** nodemailer's SMTP options for a validated config (without the pool settings). */
export function transportOptions(config: SmtpConfig): SMTPPoolOptions {
  const auth = config.auth === undefined
    ? undefined
    : config.auth.accessToken === undefined
      ? { user: config.auth.user, pass: config.auth.pass ?? '' }
      : { type: 'OAuth2' as const, user: config.auth.user, accessToken: config.auth.accessToken };
  return {
    host: config.host,
    port: portOf(config),
    secure: config.secure,
    requireTLS: config.requireTLS,
    ignoreTLS: config.ignoreTLS,
    ...(auth === undefined ? {} : { auth }),
    ...(config.name === undefined ? {} : { name: config.name }),
    ...(config.tls === undefined ? {} : { tls: config.tls }),
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
    logger: false,
  };
}

/**
 * A pooled transport: it opens connections as messages come (up to maxConnections), reuses them
 * and replaces one that drops, so the cache keeps it for as long as the config stands.
 */
export async function createSmtpTransport(config: SmtpConfig): Promise<SmtpTransport> {
  const defaults = config.from === undefined ? {} : { from: config.from };
  return nodemailer.createTransport({ ...transportOptions(config), pool: true, ...config.pool }, defaults);
}

export async function closeSmtpTransport(transport: SmtpTransport): Promise<void> {
  transport.close();
}
