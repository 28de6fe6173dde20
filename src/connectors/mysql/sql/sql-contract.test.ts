import { runSqlContract } from '../../sql-contract/index.ts';
import { mysqlSqlFixtures } from './fixtures.ts';

runSqlContract(mysqlSqlFixtures);
