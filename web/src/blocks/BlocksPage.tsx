import { Alert, Button, Grid, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../app/session.tsx';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { RelativeTime } from '../ui/RelativeTime.tsx';
import { BlockWorkbench } from './BlockWorkbench.tsx';
import { useBlocks } from './blocks-api.ts';

/** The Blocks page: saved JavaScript Blocks on the left, the one chosen (or a new one) to edit and run on the right. */
export function BlocksPage() {
  const { name } = useParams();
  const navigate = useNavigate();
  const session = useSession();
  const blocks = useBlocks();
  const selected = name === undefined ? undefined : blocks.data?.find((block) => block.name === name);

  return (
    <>
      <PageTitle
        title="Blocks"
        description="JavaScript Blocks: your code with live connections, run in a restricted process."
        actions={
          session.can('write') && name !== undefined ? (
            <Button component={Link} to="/blocks" leftSection={<IconPlus size={16} aria-hidden />} variant="light">
              New block
            </Button>
          ) : undefined
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Title order={2} size="h5" mb="xs">
            Saved blocks
          </Title>
          {blocks.isPending && <Loader size="sm" aria-label="Loading blocks" />}
          <ErrorAlert error={blocks.error} title="Cannot load the saved blocks" />
          {blocks.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              No saved blocks yet. Write a function in the editor, run it to see what it does, then save it with a name.
            </Text>
          )}
          <nav aria-label="Saved blocks">
            <Stack gap={2}>
              {blocks.data?.map((block) => (
                <NavLink
                  key={block.name}
                  component={Link}
                  to={`/blocks/${encodeURIComponent(block.name)}`}
                  active={block.name === name}
                  label={block.name}
                  description={
                    <>
                      {block.description || 'No description'} · v{block.version} · <RelativeTime at={block.updatedAt} />
                    </>
                  }
                />
              ))}
            </Stack>
          </nav>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          {name !== undefined && blocks.data && !selected ? (
            <Alert color="yellow" variant="light" title="Block not found">
              There is no saved block named “{name}”. Choose one from the list, or write a new one.
            </Alert>
          ) : name !== undefined && !selected ? (
            <Loader size="sm" aria-label="Loading the block" />
          ) : (
            <BlockWorkbench
              key={selected?.name ?? 'new'}
              saved={selected}
              existingNames={blocks.data?.map((block) => block.name) ?? []}
              onSaved={(saved) => navigate(`/blocks/${encodeURIComponent(saved)}`)}
              onDeleted={() => navigate('/blocks')}
            />
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}
