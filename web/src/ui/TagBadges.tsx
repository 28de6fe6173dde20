import { Badge, Group } from '@mantine/core';

export function TagBadges({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null;
  return (
    <Group gap={4}>
      {tags.map((tag) => (
        <Badge key={tag} variant="outline" color="gray.7" tt="none" radius="sm">
          {tag}
        </Badge>
      ))}
    </Group>
  );
}
