export { BlocksPage } from './BlocksPage.tsx';
export { routes } from './routes.tsx';
