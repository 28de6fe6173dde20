export type * from './types.ts';
export { openPostgresQueue, type OpenPostgresQueueOptions } from './postgres/queue.ts';
