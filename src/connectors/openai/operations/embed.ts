import type OpenAI from 'openai';
import { APIError } from 'openai';
import { z } from 'zod';
import type { Operation, OperationContext } from '../../../core/index.ts';
import { operationError } from '../errors.ts';

const input = z.strictObject({
  model: z.string().min(1).describe("Embedding model (or Azure deployment) name, e.g. 'text-embedding-3-small'."),
  texts: z.array(z.string()).min(1).describe('The texts to embed; the result has one item per text, in the same order.'),
  dimensions: z.number().int().positive().optional().describe('Vector length, for models that can shorten their vectors (text-embedding-3-*).'),
  batchSize: z.number().int().min(1).max(2048).default(256).describe('Texts per request (the API takes at most 2048 per request).'),
});

type EmbedInput = z.output<typeof input>;

export type EmbeddingItem = { index: number; embedding: number[] } | { index: number; error: string };

export interface EmbedOutput {
  model: string;
  items: EmbeddingItem[];
  embedded: number;
  failed: number;
  usage: { promptTokens: number; totalTokens: number };
}

interface Batch {
  start: number;
  texts: string[];
}

/** The API's refusal of the request's content (400/413/422), as opposed to one of the connection or the service. */
function refusesContent(error: unknown): error is APIError {
  return error instanceof APIError && (error.status === 400 || error.status === 413 || error.status === 422);
}

export const embed: Operation<OpenAI, typeof input, EmbedOutput> = {
  label: 'Embed',
  description:
    'Embeds a batch of texts and returns { model, items, embedded, failed, usage }: one item per text, { index, embedding } or { index, error } when the API refused that text (e.g. empty or too long); the others still get their vectors.',
  input,
  async run(client, params, context) {
    const output: EmbedOutput = { model: params.model, items: [], embedded: 0, failed: 0, usage: { promptTokens: 0, totalTokens: 0 } };
    const batches: Batch[] = [];
    for (let start = 0; start < params.texts.length; start += params.batchSize) {
      batches.push({ start, texts: params.texts.slice(start, start + params.batchSize) });
    }
    for (const [number, batch] of batches.entries()) {
      await embedBatch(client, params, batch, output, context);
      if (batches.length > 1) context.log(`embed: batch ${number + 1} of ${batches.length} done (${output.embedded + output.failed} of ${params.texts.length} texts)`);
    }
    output.items.sort((a, b) => a.index - b.index);
    return output;
  },
};

/**
 * One request for the batch; when the API refuses its content, each text is sent alone so the
 * refused ones get their error and the rest their vector. A refusal of the connection or the
 * service (401, 429 after retries, 5xx) ends the operation: no later text could succeed either.
 */
async function embedBatch(client: OpenAI, params: EmbedInput, batch: Batch, output: EmbedOutput, context: OperationContext): Promise<void> {
  try {
    await send(client, params, batch, output, context);
    return;
  } catch (error) {
    if (!refusesContent(error) || batch.texts.length === 1) {
      if (refusesContent(error)) {
        output.items.push({ index: batch.start, error: `OpenAI refused this text: ${error.message}` });
        output.failed += 1;
        return;
      }
      throw operationError(error, 'embed');
    }
  }
  for (const [offset, text] of batch.texts.entries()) {
    await embedBatch(client, params, { start: batch.start + offset, texts: [text] }, output, context);
  }
}

async function send(client: OpenAI, params: EmbedInput, batch: Batch, output: EmbedOutput, context: OperationContext): Promise<void> {
  const body: OpenAI.EmbeddingCreateParams = { model: params.model, input: batch.texts };
  if (params.dimensions !== undefined) body.dimensions = params.dimensions;
  const response = await client.embeddings.create(body, { signal: context.signal });
  output.model = response.model;
  output.usage.promptTokens += response.usage?.prompt_tokens ?? 0;
  output.usage.totalTokens += response.usage?.total_tokens ?? 0;
  for (const item of response.data) {
    output.items.push({ index: batch.start + item.index, embedding: item.embedding });
    output.embedded += 1;
  }
}
