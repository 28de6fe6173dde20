import { Anchor, Loader } from '@mantine/core';
import { Link } from 'react-router';
import { ErrorAlert } from '../ui/ErrorAlert.tsx';
import { PageTitle } from '../ui/PageTitle.tsx';
import { targetLabel } from './run-format.ts';
import { RunResult } from './RunResult.tsx';
import { useRun } from './runs-api.ts';

/** One run on its own page, so it can be linked to. */
export function RunDetail({ id }: { id: string }) {
  const run = useRun(id);
  return (
    <>
      <Anchor component={Link} to="/runs" size="sm">
        ← All runs
      </Anchor>
      <PageTitle title={run.data ? `Run of ${targetLabel(run.data.target)}` : 'Run'} description={`Run ${id}`} />
      {run.isPending && <Loader size="sm" aria-label="Loading the run" />}
      <ErrorAlert error={run.error} title="Cannot load this run" />
      {run.data && <RunResult run={run.data} />}
    </>
  );
}
