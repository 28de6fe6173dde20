import type { FetchMessageObject, ImapFlow, MessageAddressObject, SearchObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';

const readMailInput = z.strictObject({
  mailbox: z.string().min(1).default('INBOX').describe("The mailbox (folder) to search, e.g. 'INBOX' or 'Archive/2025'."),
  since: z
    .string()
    .refine((text) => !Number.isNaN(Date.parse(text)), { message: "A date such as '2025-06-01'." })
    .optional()
    .describe("Only messages received on or after this day, e.g. '2025-06-01' (IMAP SINCE compares dates, not times)."),
  unseen: z.boolean().default(false).describe('Only messages not yet seen (no \\Seen flag).'),
  from: z.string().min(1).optional().describe('Only messages whose From contains this text, e.g. an address or a domain.'),
  subject: z.string().min(1).optional().describe('Only messages whose subject contains this text.'),
  limit: z.number().int().min(1).max(10_000).default(50).describe('At most this many messages: the newest that match.'),
  bodies: z.boolean().default(false).describe('Also fetch each message and return its text and html bodies.'),
  attachments: z.boolean().default(false).describe('Also fetch each message and return its attachments, content as base64.'),
  maxAttachmentBytes: z
    .number()
    .int()
    .min(0)
    .max(50_000_000)
    .default(5_000_000)
    .describe('Attachments larger than this are listed without their content (content: null).'),
  markSeen: z.boolean().default(false).describe('Set \\Seen on the messages returned, so an unseen search does not return them again.'),
});

type ReadMailInput = z.output<typeof readMailInput>;

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  /** base64, or null when larger than maxAttachmentBytes. */
  content: string | null;
}

export interface MailRow {
  uid: number;
  messageId: string | null;
  date: string | null;
  subject: string;
  from: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  flags: string[];
  size: number | null;
  text?: string | null;
  html?: string | null;
  attachments?: MailAttachment[];
}

function searchOf(input: ReadMailInput): SearchObject {
  const query: SearchObject = {};
  if (input.since !== undefined) query.since = new Date(input.since);
  if (input.unseen) query.seen = false;
  if (input.from !== undefined) query.from = input.from;
  if (input.subject !== undefined) query.subject = input.subject;
  return Object.keys(query).length === 0 ? { all: true } : query;
}

const addresses = (list: MessageAddressObject[] | undefined): MailAddress[] => (list ?? []).map((entry) => ({ name: entry.name ?? '', address: entry.address ?? '' }));

const isoDate = (value: Date | string | undefined): string | null => (value === undefined ? null : new Date(value).toISOString());

async function rowOf(message: FetchMessageObject, input: ReadMailInput): Promise<MailRow> {
  const envelope = message.envelope;
  const row: MailRow = {
    uid: message.uid,
    messageId: envelope?.messageId ?? null,
    date: isoDate(envelope?.date ?? message.internalDate),
    subject: envelope?.subject ?? '',
    from: addresses(envelope?.from),
    to: addresses(envelope?.to),
    cc: addresses(envelope?.cc),
    flags: [...(message.flags ?? [])],
    size: message.size ?? null,
  };
  if (message.source === undefined) return row;
  const parsed = await simpleParser(message.source, { skipImageLinks: true });
  if (input.bodies) {
    row.text = parsed.text ?? null;
    row.html = parsed.html === false ? null : parsed.html;
  }
  if (input.attachments) {
    row.attachments = parsed.attachments.map((file) => ({
      filename: file.filename ?? null,
      contentType: file.contentType,
      size: file.size,
      content: file.size <= input.maxAttachmentBytes ? file.content.toString('base64') : null,
    }));
  }
  return row;
}

/** The server's own reason (NONEXISTENT, a bad name) for a mailbox it will not open, as an error naming the mailbox. */
function cannotOpen(mailbox: string, error: unknown): unknown {
  const reply = error as { responseText?: unknown; serverResponseCode?: unknown; mailboxMissing?: unknown };
  if (typeof reply.responseText !== 'string') return error;
  // imapflow marks every refused SELECT as missing; a server that refuses for another reason says so with a code (CANNOT).
  const missing = reply.mailboxMissing === true && (reply.serverResponseCode === undefined || reply.serverResponseCode === 'NONEXISTENT');
  const id = missing ? 'not_found' : 'bad_input';
  return new ZiggyError(id, `readMail: the server will not open mailbox "${mailbox}": ${reply.responseText}`, { field: 'mailbox' });
}

export const readMail: Operation<ImapFlow, typeof readMailInput> = {
  label: 'Read Mail',
  description:
    'Searches a mailbox (since, unseen, from, subject), fetches the newest matches’ envelopes and, when asked, their bodies and attachments; optionally marks them seen. Returns { mailbox, matched, rows }.',
  input: readMailInput,
  async run(client, input, context) {
    const fetchSource = input.bodies || input.attachments;
    // Read-only unless flags are set, so a plain read never changes the mailbox (not even \Recent).
    const lock = await client.getMailboxLock(input.mailbox, { readOnly: !input.markSeen }).catch((error: unknown) => {
      throw cannotOpen(input.mailbox, error);
    });
    try {
      const found = (await client.search(searchOf(input), { uid: true })) || [];
      const uids = [...found].sort((a, b) => a - b).slice(-input.limit);
      if (uids.length === 0) return { mailbox: input.mailbox, matched: found.length, rows: [] };
      context.signal.throwIfAborted();
      const messages = await client.fetchAll(uids, { uid: true, envelope: true, flags: true, size: true, internalDate: true, source: fetchSource }, { uid: true });
      const rows: MailRow[] = [];
      for (const message of messages) rows.push(await rowOf(message, input));
      if (input.markSeen) {
        await client.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
        for (const row of rows) if (!row.flags.includes('\\Seen')) row.flags.push('\\Seen');
      }
      context.log(`${rows.length} of ${found.length} matching message(s) read from ${input.mailbox}`);
      return { mailbox: input.mailbox, matched: found.length, rows: rows.sort((a, b) => b.uid - a.uid) };
    } finally {
      lock.release();
    }
  },
};
