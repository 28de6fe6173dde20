import { z } from 'ziggy-connections/connector';

const input = z.strictObject({
  to: z.string().min(1).describe('The recipient, an E.164 number such as +46701234567'),
  from: z.string().min(1).describe('A Twilio number or sender id of the account'),
  body: z.string().min(1).max(1600).describe('The text of the message'),
});

/** Sends one SMS and returns its sid and status. */
export const sendMessage = {
  label: 'Send SMS',
  description: 'Sends one text message with the Messages API and returns { sid, status }.',
  input,
  async run(client, params) {
    const message = await client.messages.create(params);
    return { sid: message.sid, status: message.status };
  },
};
