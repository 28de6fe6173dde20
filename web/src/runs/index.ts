export { RunsPage } from './RunsPage.tsx';
export { RunResult } from './RunResult.tsx';
export { routes } from './routes.tsx';
