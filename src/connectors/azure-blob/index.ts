import { fileOperations } from '../../core/files/index.ts';
import { defineConnector } from '../../core/index.ts';
import { closeAzureBlobClient, createAzureBlobClient, type AzureBlobClient } from './client.ts';
import { azureBlobFiles } from './files.ts';
import { azureBlobSchema } from './schema.ts';
import { testAzureBlob } from './test-connection.ts';

const example = `{
    accountName: 'mystorageaccount',
    accountKey: secrets.AZURE_STORAGE_KEY,
    container: 'exports'
}`;

export default defineConnector<typeof azureBlobSchema, AzureBlobClient>({
  id: 'azure-blob',
  label: 'Azure Blob Storage',
  module: '@azure/storage-blob',
  description: 'Azure Blob Storage account; hands out a ContainerClient for the default container, else a BlobServiceClient.',
  lifecycle: 'stateless',
  schema: azureBlobSchema,
  example,
  secretFields: ['connectionString', 'accountKey', 'sasToken'],
  createClient: createAzureBlobClient,
  closeClient: closeAzureBlobClient,
  testConnection: testAzureBlob,
  files: azureBlobFiles,
  operations: fileOperations(azureBlobFiles),
});
