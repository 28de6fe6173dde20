import { runStreamMemoryCase } from '../../sql-contract/memory.ts';
import { mysqlSqlFixtures } from './fixtures.ts';

runStreamMemoryCase(mysqlSqlFixtures);
