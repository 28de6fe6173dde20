import { S3, type S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { rememberDefaultBucket } from './files.ts';
import type { S3Config } from './schema.ts';

/** S3Client options for a validated config; absent credentials leave the SDK's default chain in charge. */
export function clientOptions(config: S3Config): S3ClientConfig {
  const options: S3ClientConfig = { region: config.region, forcePathStyle: config.forcePathStyle };
  if (config.endpoint !== undefined) options.endpoint = config.endpoint;
  if (config.credentials !== undefined) {
    const { accessKeyId, secretAccessKey, sessionToken } = config.credentials;
    options.credentials = sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
  }
  return options;
}

/**
 * The SDK's aggregated client: an S3Client (send works as usual) that also has a method per
 * command, so a JavaScript Block, which cannot import the command classes, can call
 * `connections.NAME.listObjectsV2({ Bucket })`.
 */
export async function createS3Client(config: S3Config): Promise<S3> {
  const client = new S3(clientOptions(config));
  rememberDefaultBucket(client, config.bucket);
  return client;
}

export async function closeS3Client(client: S3Client): Promise<void> {
  client.destroy();
}
