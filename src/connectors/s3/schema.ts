import { z } from 'zod';

const credentials = z
  .strictObject({
    accessKeyId: z.string().min(1).describe('Access key id; reference a secret, e.g. secrets.S3_KEY_ID.'),
    secretAccessKey: z.string().min(1).describe('Secret access key; reference a secret, e.g. secrets.S3_SECRET.'),
    sessionToken: z.string().min(1).optional().describe('Session token of temporary credentials (STS), if any.'),
  })
  .describe('Static keys. Leave out to use the default AWS credential chain (environment, shared config files, SSO, container or instance role).');

/**
 * The S3Client options that make sense as data, as the seed's object writes them
 * (`{ region, credentials: { accessKeyId, secretAccessKey } }`), plus what S3-compatible stores
 * need. Unknown keys are refused so typos are caught.
 */
export const s3Schema = z.strictObject({
  region: z.string().min(1).describe("AWS region of the buckets, e.g. 'eu-west-1'; for S3-compatible stores usually 'us-east-1'."),
  credentials: credentials.optional(),
  endpoint: z
    .url({ protocol: /^https?$/, error: "Use a URL such as 'http://127.0.0.1:9000' or 'https://s3.example.com'." })
    .optional()
    .describe('URL of an S3-compatible store (MinIO, Ceph, R2, Wasabi); leave out for AWS.'),
  forcePathStyle: z
    .boolean()
    .default(false)
    .describe('Address buckets as endpoint/bucket instead of bucket.endpoint; most S3-compatible stores need true.'),
  bucket: z.string().min(1).optional().describe('Default bucket; the connection test checks that it exists and can be read.'),
});

export type S3Config = z.output<typeof s3Schema>;
