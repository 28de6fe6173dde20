import { defineConnector } from '../../core/index.ts';
import { closeSmtpTransport, createSmtpTransport, type SmtpTransport } from './client.ts';
import { sendEmail } from './operations/send-email.ts';
import { smtpSchema } from './schema.ts';
import { testSmtp } from './test-connection.ts';

const example = `{
    host: 'smtp.example.com',
    port: 587,
    auth: { user: 'reports@example.com', pass: secrets.SMTP_PASSWORD },
    from: 'Reports <reports@example.com>',
}`;

export default defineConnector<typeof smtpSchema, SmtpTransport>({
  id: 'smtp',
  label: 'SMTP',
  module: 'nodemailer',
  description: 'An SMTP server for sending email; hands out a pooled nodemailer transport.',
  lifecycle: 'pool',
  schema: smtpSchema,
  example,
  secretFields: ['auth.pass', 'auth.accessToken'],
  createClient: createSmtpTransport,
  closeClient: closeSmtpTransport,
  testConnection: testSmtp,
  operations: { sendEmail },
});
