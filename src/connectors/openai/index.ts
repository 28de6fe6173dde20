import type OpenAI from 'openai';
import { defineConnector } from '../../core/index.ts';
import { closeOpenAIClient, createOpenAIClient } from './client.ts';
import { embed, generate } from './operations/index.ts';
import { openaiSchema } from './schema.ts';
import { testOpenAI } from './test-connection.ts';

const example = `{
    apiKey: secrets.OPENAI_API_KEY,
    organization: 'org-XXXXXXXXXXXXXXXXXXXXXXXX',
    project: 'proj_XXXXXXXXXXXXXXXXXXXXXXXX',
}`;

export default defineConnector<typeof openaiSchema, OpenAI>({
  id: 'openai',
  label: 'OpenAI/ChatGPT',
  module: 'openai',
  description: 'OpenAI, Azure OpenAI or an OpenAI-compatible server; hands out the SDK\'s OpenAI client (chat.completions, responses, embeddings, …).',
  lifecycle: 'stateless',
  schema: openaiSchema,
  example,
  secretFields: ['apiKey'],
  createClient: createOpenAIClient,
  closeClient: closeOpenAIClient,
  testConnection: testOpenAI,
  operations: { generate, embed },
});
