// A worker in its own process for queue.test.ts, which kills it: every job it takes hangs.
import { openPostgresQueue } from './queue.ts';

const url = process.argv[2] ?? '';
const queue = await openPostgresQueue({ url });
await queue.work({ concurrency: 1, name: 'doomed' }, { run: () => new Promise(() => {}), abandoned: async () => {} });
process.stdout.write('working \n');
