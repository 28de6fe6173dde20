import { Anchor, Center, Loader, Stack } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError, useConnection } from '../api/index.ts';
import { ErrorAlert, PageTitle } from '../ui/index.ts';
import { ConnectionForm } from './ConnectionForm.tsx';

/** `/connections/new` creates a connection; `/connections/:name` shows and edits one. */
export function ConnectionPage() {
  const { name } = useParams();
  const connection = useConnection(name);
  // A new generation remounts the form: after a conflict the user chose to reload the saved version.
  const [generation, setGeneration] = useState(0);

  if (name !== undefined && connection.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label="Loading the connection" />
      </Center>
    );
  }
  if (name !== undefined && connection.error) {
    const missing = isApiError(connection.error) && connection.error.status === 404;
    return (
      <Stack>
        <PageTitle title={missing ? 'No such connection' : 'Cannot load the connection'} />
        <ErrorAlert error={connection.error} title={missing ? `There is no connection "${name}"` : undefined} />
        <Anchor component={Link} to="/connections">
          Back to the connections
        </Anchor>
      </Stack>
    );
  }
  const reload = async () => {
    await connection.refetch();
    setGeneration((value) => value + 1);
  };
  return <ConnectionForm key={`${name ?? ''}:${generation}`} saved={connection.data} latest={connection.data} onReload={reload} />;
}
