import type { S3 } from '@aws-sdk/client-s3';
import { fileOperations } from '../../core/files/index.ts';
import { defineConnector } from '../../core/index.ts';
import { closeS3Client, createS3Client } from './client.ts';
import { s3Files } from './files.ts';
import { s3Schema } from './schema.ts';
import { testS3 } from './test-connection.ts';

const example = `{
    region: 'us-east-1',
    credentials: {
        accessKeyId: secrets.S3_ACCESS_KEY_ID,
        secretAccessKey: secrets.S3_SECRET_ACCESS_KEY,
    },
}`;

export default defineConnector<typeof s3Schema, S3>({
  id: 's3',
  label: 'AWS S3',
  module: '@aws-sdk/client-s3',
  description: 'AWS S3 or an S3-compatible object store (MinIO, Ceph, R2, Wasabi); hands out an S3Client (the aggregated S3 class: send, or a method per command).',
  lifecycle: 'stateless',
  schema: s3Schema,
  example,
  secretFields: ['credentials.accessKeyId', 'credentials.secretAccessKey', 'credentials.sessionToken'],
  createClient: createS3Client,
  closeClient: closeS3Client,
  testConnection: testS3,
  files: s3Files,
  operations: fileOperations(s3Files),
});
