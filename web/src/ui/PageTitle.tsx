import { Group, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** The page's one h1, an optional line under it, and its main actions on the right; also names the browser tab. */
export function PageTitle({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Ziggy Connections`;
  }, [title]);
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {description === undefined ? null : <Text c="dimmed">{description}</Text>}
      </div>
      {actions === undefined ? null : <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
