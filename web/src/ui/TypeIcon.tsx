import {
  IconApi,
  IconBrandAws,
  IconBrandAzure,
  IconBroadcast,
  IconDatabase,
  IconFolders,
  IconInbox,
  IconMail,
  IconPackage,
  IconPlug,
  IconSearch,
  IconSparkles,
  IconStack,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';

/** One icon per kind of system; an unknown type gets a plug. */
const icons: Record<string, Icon> = {
  postgres: IconDatabase,
  mysql: IconDatabase,
  mssql: IconDatabase,
  snowflake: IconDatabase,
  sftp: IconFolders,
  s3: IconBrandAws,
  'azure-blob': IconBrandAzure,
  hubspot: IconUsers,
  mqtt: IconBroadcast,
  'aws-iot': IconBrandAws,
  salesforce: IconUsers,
  upsales: IconUsers,
  openai: IconSparkles,
  elasticsearch: IconSearch,
  redis: IconStack,
  smtp: IconMail,
  imap: IconInbox,
  'http-api': IconApi,
  'npm-module': IconPackage,
};

export function TypeIcon({ typeId, size = 18 }: { typeId: string; size?: number }) {
  const Component = icons[typeId] ?? IconPlug;
  return <Component size={size} stroke={1.6} aria-hidden />;
}
