import { z } from 'zod';

/**
 * The OpenAI client options that make sense as data, as the seed's object writes them
 * (`{ apiKey, organization, project }`), plus `baseURL` for Azure OpenAI and OpenAI-compatible
 * servers. Unknown keys are refused so typos are caught.
 */
export const openaiSchema = z.strictObject({
  apiKey: z.string().min(1).describe('API key (sk-…); reference a secret, e.g. secrets.OPENAI_API_KEY.'),
  organization: z
    .string()
    .min(1)
    .optional()
    .describe("Organization id (org-…), sent as the OpenAI-Organization header; leave out to use the key's default organization."),
  project: z
    .string()
    .min(1)
    .optional()
    .describe("Project id (proj_…), sent as the OpenAI-Project header; leave out to use the key's project."),
  baseURL: z
    .url({ protocol: /^https?$/, error: "Use a URL such as 'https://my-resource.openai.azure.com/openai/v1/'." })
    .optional()
    .describe("API base URL; leave out for api.openai.com. Azure OpenAI: 'https://RESOURCE.openai.azure.com/openai/v1/'; a compatible server (vLLM, Ollama, a proxy): its /v1 URL."),
  timeout: z.coerce.number().int().positive().default(600_000).describe('Milliseconds one request may take before it is abandoned (and retried).'),
  maxRetries: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(2)
    .describe('Retries of a request that failed on a connection error, 408, 409, 429 (after its Retry-After) or 5xx.'),
});

export type OpenAIConfig = z.output<typeof openaiSchema>;
