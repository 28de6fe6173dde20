import { runSqlContract } from '../../sql-contract/index.ts';
import { postgresSqlFixtures } from './fixtures.ts';

runSqlContract(postgresSqlFixtures);
