import type { TestFailure } from '../../core/index.ts';
import type { SnowflakeConfig } from './schema.ts';

/** What `SELECT CURRENT_ROLE(), CURRENT_WAREHOUSE(), …` says the session uses; null where it has none. */
export interface SessionFacts {
  role: string | null;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  version: string;
}

export type SessionField = 'role' | 'warehouse' | 'database' | 'schema';

/**
 * Whether the session uses what the config asks for. Snowflake logs in even when the warehouse,
 * database or schema does not exist or the role may not use it: the session then has none (NULL),
 * which is the only sign of it.
 */
export function sessionProblem(field: SessionField, config: SnowflakeConfig, facts: SessionFacts): TestFailure | undefined {
  const wanted = config[field];
  if (wanted === undefined) return undefined;
  const actual = facts[field];
  if (actual !== null && sameName(actual, wanted)) return undefined;
  const role = facts.role ?? 'the current role';
  switch (field) {
    case 'role':
      return {
        code: 'role_not_granted',
        message: `The session uses role ${actual ?? '(none)'}, not "${wanted}".`,
        field,
        hint: 'Check the role name; SHOW GRANTS TO USER <user> lists the roles the user has.',
      };
    case 'warehouse':
      return {
        code: 'warehouse_not_found',
        message: `The warehouse "${wanted}" does not exist or role ${role} may not use it: the session has no warehouse.`,
        field,
        hint: `Check the name with SHOW WAREHOUSES; an administrator can GRANT USAGE ON WAREHOUSE ${wanted} TO ROLE ${role}.`,
      };
    case 'database':
      return {
        code: 'database_not_found',
        message: `The database "${wanted}" does not exist or role ${role} may not use it: the session has no database.`,
        field,
        hint: `Check the name with SHOW DATABASES; an administrator can GRANT USAGE ON DATABASE ${wanted} TO ROLE ${role}.`,
      };
    case 'schema':
      return {
        code: 'schema_not_found',
        message: `The schema "${wanted}" does not exist in database ${facts.database ?? '(none)'} or role ${role} may not use it: the session has no schema.`,
        field,
        hint: config.database === undefined
          ? 'A schema needs a database: set database too.'
          : `Check the name with SHOW SCHEMAS IN DATABASE ${facts.database ?? config.database}; an administrator can GRANT USAGE ON SCHEMA to the role.`,
      };
  }
}

/** Unquoted Snowflake names are case-insensitive (stored in capitals); a name in double quotes is exact. */
function sameName(actual: string, wanted: string): boolean {
  return /^".*"$/.test(wanted) ? `"${actual}"` === wanted : actual.toUpperCase() === wanted.toUpperCase();
}
