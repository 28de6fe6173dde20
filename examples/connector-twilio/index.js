import { defineConnector } from 'ziggy-connections/connector';
import { createTwilioClient } from './client.js';
import { sendMessage } from './send-message.js';
import { twilioSchema } from './schema.js';
import { testTwilio } from './test-connection.js';

const example = `{
    accountSid: 'AC00000000000000000000000000000000',
    authToken: secrets.TWILIO_AUTH_TOKEN,
}`;

export default defineConnector({
  id: 'twilio',
  label: 'Twilio',
  module: 'twilio',
  description: "Twilio's REST API through the official twilio SDK: messages, calls, verify and the rest of the client; the test fetches the account.",
  lifecycle: 'stateless',
  schema: twilioSchema,
  example,
  secretFields: ['authToken'],
  createClient: async (config) => createTwilioClient(config),
  // One request per call and no keep-alive agent: nothing is left open to close.
  closeClient: async () => undefined,
  testConnection: testTwilio,
  operations: { sendMessage },
});
