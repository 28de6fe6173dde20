import type { RouteObject } from 'react-router';
import { RunsPage } from './RunsPage.tsx';

/** Paths relative to the app's root: the run list with its filters, and one run. */
export const routes: RouteObject[] = [
  { path: 'runs', element: <RunsPage /> },
  { path: 'runs/:id', element: <RunsPage /> },
];
