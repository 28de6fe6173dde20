import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import type { SmtpTransport } from '../client.ts';

const addresses = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe("One address or a list: 'ann@example.com', 'Ann <ann@example.com>', or a comma-separated list; may hold $$field tokens.");

const attachment = z.strictObject({
  filename: z.string().min(1).describe("The file name the recipient sees, e.g. 'report.csv'; may hold $$field tokens."),
  content: z.string().max(35_000_000).describe('The content: text as it is, or base64 with encoding: base64.'),
  encoding: z.enum(['text', 'base64']).default('text').describe("'text' (UTF-8) or 'base64' for binary content."),
  contentType: z.string().min(1).optional().describe("MIME type, e.g. 'application/pdf'; default: from the file name."),
});

const sendEmailInput = z
  .strictObject({
    to: addresses,
    cc: addresses.optional(),
    bcc: addresses.optional(),
    from: z.string().min(1).optional().describe("The sender; default: the connection's from."),
    replyTo: z.string().min(1).optional().describe('Where replies go, when not to the sender.'),
    subject: z.string().default('').describe('The subject line; may hold $$field tokens.'),
    text: z.string().optional().describe('The plain-text body; may hold $$field tokens.'),
    html: z.string().optional().describe('The HTML body; $$field tokens are filled HTML-escaped.'),
    attachments: z.array(attachment).max(100).default([]).describe('Files to attach: { filename, content, encoding, contentType }.'),
    rows: z
      .array(z.record(z.string(), z.unknown()))
      .max(10_000)
      .optional()
      .describe('Input rows: one message per row, its fields filling the $$field tokens; without rows, one message as written.'),
  })
  .refine((input) => input.text !== undefined || input.html !== undefined, { message: 'Give text, html or both.', path: ['text'] });

type SendEmailInput = z.output<typeof sendEmailInput>;

/** What the server said about one message: who it took, who it refused, and its Message-ID. */
export interface SentEmail {
  row?: number;
  messageId?: string;
  accepted: string[];
  rejected: string[];
  response?: string;
  error?: string;
}

const token = /\$\$([A-Za-z_][\w.]*)/g;

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);

/** The template with each $$field replaced by the row's value (dotted paths reach nested fields). */
function filled(template: string, row: Record<string, unknown> | undefined, index: number, escape: (text: string) => string = (text) => text): string {
  if (row === undefined) return template;
  return template.replace(token, (_match, field: string) => {
    const value = field.split('.').reduce<unknown>((at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), row);
    if (value === undefined || value === null || typeof value === 'object') {
      throw new ZiggyError('bad_input', `sendEmail: row ${index + 1} has no value for $$${field}.`, { field: `rows.${index}.${field}` });
    }
    return escape(String(value));
  });
}

function message(input: SendEmailInput, row: Record<string, unknown> | undefined, index: number, signal: AbortSignal) {
  const fill = (template: string) => filled(template, row, index);
  const fillAll = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value.map(fill) : fill(value));
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    to: fillAll(input.to),
    ...optional('cc', fillAll(input.cc)),
    ...optional('bcc', fillAll(input.bcc)),
    ...optional('from', input.from),
    ...optional('replyTo', input.replyTo),
    subject: fill(input.subject),
    ...optional('text', input.text === undefined ? undefined : fill(input.text)),
    ...optional('html', input.html === undefined ? undefined : filled(input.html, row, index, escapeHtml)),
    attachments: input.attachments.map((file) => ({
      filename: fill(file.filename),
      content: Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8'),
      ...optional('contentType', file.contentType),
    })),
    signal,
  };
}

const addressOf = (entry: unknown): string => (typeof entry === 'string' ? entry : String((entry as { address?: unknown }).address ?? entry));

export const sendEmail: Operation<SmtpTransport, typeof sendEmailInput> = {
  label: 'Send Email',
  description:
    'Sends one message, or one per input row with $$field tokens filled, through the pooled transport; returns per message the Message-ID and the recipients the server accepted and rejected.',
  input: sendEmailInput,
  async run(transport, input, context) {
    const rows = input.rows ?? [undefined];
    // Built before sending, so a row missing a field fails the block before any message goes out.
    const messages = rows.map((row, index) => message(input, row, index, context.signal));
    const results = await Promise.all(
      messages.map(async (mail, index): Promise<SentEmail> => {
        const row = input.rows === undefined ? {} : { row: index };
        try {
          const info = await transport.sendMail(mail);
          return { ...row, messageId: info.messageId, accepted: info.accepted.map(addressOf), rejected: info.rejected.map(addressOf), response: info.response };
        } catch (error) {
          // Every recipient refused: a result for this message, not the end of the others.
          const refused = error as { code?: unknown; rejected?: unknown; message?: unknown };
          if (refused.code !== 'EENVELOPE') throw error;
          const rejected = Array.isArray(refused.rejected) ? refused.rejected.map(addressOf) : [];
          return { ...row, accepted: [], rejected, error: String(refused.message) };
        }
      }),
    );
    const accepted = results.reduce((count, result) => count + result.accepted.length, 0);
    context.log(`${results.length} message(s) sent, ${accepted} recipient(s) accepted`);
    return { sent: results.filter((result) => result.accepted.length > 0).length, messages: results };
  },
};
