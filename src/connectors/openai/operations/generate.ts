import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { ZiggyError, type Operation } from '../../../core/index.ts';
import { operationError } from '../errors.ts';

const message = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant']).describe("Who says it: 'system' or 'developer' for instructions, 'user', or 'assistant' for earlier replies."),
  content: z.string().describe('The text of the message.'),
});

const input = z
  .strictObject({
    model: z.string().min(1).describe("Model (or, on Azure OpenAI, deployment) name, e.g. 'gpt-4o-mini'."),
    prompt: z.string().min(1).optional().describe('The user prompt; give this or messages.'),
    system: z.string().min(1).optional().describe('Instructions put before the prompt or messages as a system message.'),
    messages: z.array(message).min(1).optional().describe('The conversation so far, oldest first; give this or prompt.'),
    jsonSchema: z
      .strictObject({
        name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/).default('result').describe('Name of the schema (letters, digits, _ and -).'),
        schema: z.record(z.string(), z.unknown()).describe('JSON Schema the reply must match; the reply is returned parsed as json.'),
        strict: z.boolean().default(true).describe('Strict structured output: the model is held to the schema exactly (every property required, no extra ones).'),
      })
      .optional()
      .describe('Ask for JSON matching this schema (structured output) instead of free text.'),
    temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0 to 2; lower is more deterministic.'),
    topP: z.number().min(0).max(1).optional().describe('Nucleus sampling: consider only the tokens making up this probability mass.'),
    maxTokens: z.number().int().positive().optional().describe('Most tokens the reply may have (max_completion_tokens).'),
    seed: z.number().int().optional().describe('Seed for best-effort deterministic sampling.'),
    stop: z.array(z.string().min(1)).max(4).optional().describe('Up to 4 sequences where the reply stops.'),
  })
  .refine((value) => (value.prompt === undefined) !== (value.messages === undefined), { message: 'Give either prompt or messages, not both and not neither.', path: ['prompt'] });

type GenerateInput = z.output<typeof input>;

export interface GenerateOutput {
  text: string;
  /** The reply parsed, when a jsonSchema was given. */
  json?: unknown;
  /** The model's refusal, when it declined to answer. */
  refusal?: string;
  model: string;
  finishReason: string;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
}

function request(params: GenerateInput): ChatCompletionCreateParamsNonStreaming {
  const messages: ChatCompletionMessageParam[] = [];
  if (params.system !== undefined) messages.push({ role: 'system', content: params.system });
  if (params.prompt !== undefined) messages.push({ role: 'user', content: params.prompt });
  for (const entry of params.messages ?? []) messages.push(entry);
  const body: ChatCompletionCreateParamsNonStreaming = { model: params.model, messages };
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.maxTokens !== undefined) body.max_completion_tokens = params.maxTokens;
  if (params.seed !== undefined) body.seed = params.seed;
  if (params.stop !== undefined) body.stop = params.stop;
  if (params.jsonSchema !== undefined) {
    const { name, schema, strict } = params.jsonSchema;
    body.response_format = { type: 'json_schema', json_schema: { name, schema, strict } };
  }
  return body;
}

export const generate: Operation<OpenAI, typeof input, GenerateOutput> = {
  label: 'Generate',
  description: 'Sends a prompt or messages to a chat model and returns { text, model, finishReason, usage }; with jsonSchema the reply is JSON matching it, returned parsed as json.',
  input,
  async run(client, params, context) {
    const completion = await client.chat.completions.create(request(params), { signal: context.signal }).catch((error: unknown) => {
      throw operationError(error, 'generate');
    });
    const choice = completion.choices[0];
    if (choice === undefined) throw new Error('generate: OpenAI returned no choices.');
    const text = choice.message.content ?? '';
    const output: GenerateOutput = {
      text,
      model: completion.model,
      finishReason: choice.finish_reason,
      usage: {
        promptTokens: completion.usage?.prompt_tokens ?? 0,
        completionTokens: completion.usage?.completion_tokens ?? 0,
        totalTokens: completion.usage?.total_tokens ?? 0,
      },
    };
    if (typeof choice.message.refusal === 'string') output.refusal = choice.message.refusal;
    if (params.jsonSchema !== undefined && output.refusal === undefined) output.json = parseReply(text, choice.finish_reason);
    return output;
  },
};

function parseReply(text: string, finishReason: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const why = finishReason === 'length' ? ' It was cut off at maxTokens: raise maxTokens.' : '';
    throw new ZiggyError('bad_input', `generate: the reply is not the JSON the schema asks for.${why}`, { field: 'jsonSchema', finishReason });
  }
}
