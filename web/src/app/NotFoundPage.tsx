import { Anchor, EmptyState } from '@mantine/core';
import { IconMapQuestion } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageTitle } from '../ui/index.ts';

export function NotFoundPage({ title = 'No such page', text }: { title?: string; text?: string }) {
  return (
    <>
      <PageTitle title={title} />
      <EmptyState icon={<IconMapQuestion aria-hidden />} title={text ?? 'This address does not lead to a page of Ziggy.'}>
        <Anchor component={Link} to="/connections">
          Go to the connections
        </Anchor>
      </EmptyState>
    </>
  );
}
