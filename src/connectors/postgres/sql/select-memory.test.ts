import { runStreamMemoryCase } from '../../sql-contract/memory.ts';
import { postgresSqlFixtures } from './fixtures.ts';

runStreamMemoryCase(postgresSqlFixtures);
