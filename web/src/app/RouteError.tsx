import { Anchor, Center, Stack, Title } from '@mantine/core';
import { Link, useRouteError } from 'react-router';
import { ErrorAlert } from '../ui/index.ts';

/** When a page fails to render: the error in words and a way back, never a stack. */
export function RouteError() {
  const error = useRouteError();
  return (
    <Center component="main" mih="60vh" p="md">
      <Stack maw={640}>
        <Title order={1} size="h2">
          This page failed to show
        </Title>
        <ErrorAlert error={error} title="What went wrong" />
        <Anchor component={Link} to="/connections" reloadDocument>
          Go to the connections
        </Anchor>
      </Stack>
    </Center>
  );
}
