import { Paper } from '@mantine/core';
import { PageTitle } from '../ui/index.ts';
import { TokensPanel } from './TokensPanel.tsx';

/** Any signed-in user's own API tokens. */
export function TokensPage() {
  return (
    <>
      <PageTitle title="My API tokens" description="Tokens for programs and the CLI, acting as you with at most your role." />
      <Paper withBorder p="md" className="ziggy-panel">
        <TokensPanel all={false} />
      </Paper>
    </>
  );
}
