import { z } from 'zod';

/**
 * Three ways to reach an account, as the Azure SDK takes them: a connection string; an account
 * name with its key; or a SAS token (with the account name or the service URL). Unknown keys are
 * refused so typos are caught.
 */
export const azureBlobSchema = z
  .strictObject({
    connectionString: z
      .string()
      .min(1)
      .optional()
      .describe('The storage account connection string (Access keys in the portal); reference a secret. Replaces the fields below.'),
    accountName: z.string().min(1).optional().describe('Storage account name; the service URL is https://<accountName>.blob.core.windows.net unless url is given.'),
    accountKey: z.string().min(1).optional().describe('Account key (base64), with accountName; reference a secret.'),
    sasToken: z.string().min(1).optional().describe('Shared access signature (the query string, with or without the leading ?); reference a secret.'),
    url: z
      .url({ protocol: /^https?$/, error: "Use the Blob service URL, e.g. 'https://myaccount.blob.core.windows.net'." })
      .optional()
      .describe('Blob service URL, for emulators (Azurite), sovereign clouds or private endpoints.'),
    container: z.string().min(1).optional().describe('Default container: the client is that ContainerClient, and the test checks the container.'),
  })
  .superRefine((config, context) => {
    if (config.connectionString !== undefined) {
      for (const key of ['accountName', 'accountKey', 'sasToken', 'url'] as const) {
        if (config[key] !== undefined) context.addIssue({ code: 'custom', path: [key], message: 'Give either connectionString or this field, not both.' });
      }
      return;
    }
    if (config.accountKey !== undefined && config.sasToken !== undefined) {
      context.addIssue({ code: 'custom', path: ['sasToken'], message: 'Give accountKey or sasToken, not both.' });
    }
    if (config.accountKey === undefined && config.sasToken === undefined) {
      context.addIssue({ code: 'custom', path: ['accountKey'], message: 'Give a connectionString, an accountName with accountKey, or a sasToken.' });
    }
    if (config.accountName === undefined && (config.accountKey !== undefined || config.url === undefined)) {
      context.addIssue({ code: 'custom', path: ['accountName'], message: 'Give the storage account name (or, with a sasToken, the url).' });
    }
  });

export type AzureBlobConfig = z.output<typeof azureBlobSchema>;
