import { IconApi, IconBrandAws, IconDatabase, IconFolders, IconPlug, type Icon } from '@tabler/icons-react';

/** One icon per kind of system; an unknown type gets a plug. */
const icons: Record<string, Icon> = {
  postgres: IconDatabase,
  sqlserver: IconDatabase,
  mssql: IconDatabase,
  snowflake: IconDatabase,
  sftp: IconFolders,
  s3: IconBrandAws,
  hubspot: IconApi,
  salesforce: IconApi,
};

export function TypeIcon({ typeId, size = 18 }: { typeId: string; size?: number }) {
  const Component = icons[typeId] ?? IconPlug;
  return <Component size={size} stroke={1.6} aria-hidden />;
}
