export { ingestOperation } from './ingest.ts';
export { searchOperation } from './search.ts';
