import { BlobServiceClient, ContainerClient, StorageSharedKeyCredential, type StoragePipelineOptions } from '@azure/storage-blob';
import type { AzureBlobConfig } from './schema.ts';

export type AzureBlobClient = ContainerClient | BlobServiceClient;

/** The Blob service URL of a config without a connection string. */
export function serviceUrl(config: AzureBlobConfig): string {
  return config.url ?? `https://${config.accountName ?? ''}.blob.core.windows.net`;
}

export function serviceClient(config: AzureBlobConfig, options: StoragePipelineOptions = {}): BlobServiceClient {
  if (config.connectionString !== undefined) return BlobServiceClient.fromConnectionString(config.connectionString, options);
  const url = serviceUrl(config);
  if (config.accountKey !== undefined) {
    return new BlobServiceClient(url, new StorageSharedKeyCredential(config.accountName ?? '', config.accountKey), options);
  }
  const sas = (config.sasToken ?? '').replace(/^\?/, '');
  return new BlobServiceClient(`${url}${url.includes('?') ? '&' : '?'}${sas}`, undefined, options);
}

/** The default container's ContainerClient when `container` is set, else the account's BlobServiceClient. */
export async function createAzureBlobClient(config: AzureBlobConfig): Promise<AzureBlobClient> {
  const service = serviceClient(config);
  return config.container === undefined ? service : service.getContainerClient(config.container);
}

/** The SDK's clients hold no sockets of their own beyond Node's shared agent: nothing to close. */
export async function closeAzureBlobClient(): Promise<void> {}
