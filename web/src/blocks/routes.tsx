import type { RouteObject } from 'react-router';
import { BlocksPage } from './BlocksPage.tsx';

/** Paths relative to the app's root: the block list with a new block, and one saved block. */
export const routes: RouteObject[] = [
  { path: 'blocks', element: <BlocksPage /> },
  { path: 'blocks/:name', element: <BlocksPage /> },
];
