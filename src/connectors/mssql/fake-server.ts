import { noAnswer, startTdsFake, type Answer, type TdsFake } from './tds-fake.ts';

export const fakePassword = 'Fake-Pw-Zq81!';

/** The facts the fake reports for the connection test's query. */
const answer: Answer = (sql, values) => {
  if (sql.includes('@@VERSION')) {
    return {
      columns: [
        { name: 'version', type: 'nvarchar' },
        { name: 'db', type: 'nvarchar' },
        { name: 'login', type: 'nvarchar' },
      ],
      rows: [['Microsoft SQL Server 2022 (RTM) - 16.0.1000.6 (X64) \n\tOct  8 2022 05:58:25', 'northwind', 'etl']],
    };
  }
  if (/FROM orders WHERE id = @id/.test(sql)) {
    return { columns: [{ name: 'id', type: 'int' }, { name: 'total', type: 'nvarchar' }], rows: [[Number(values.id), '12.50']] };
  }
  // Writes of the SQL Block: they say they touched one row per VALUES tuple; a NULL qty fails as NOT NULL would.
  if (/^(INSERT INTO|MERGE INTO) \[stock\]/.test(sql)) {
    if (Object.values(values).includes(null)) {
      return { number: 515, message: "Cannot insert the value NULL into column 'qty', table 'northwind.dbo.stock'; column does not allow nulls. INSERT fails." };
    }
    return { columns: [], rows: [], affected: (sql.match(/\(@p/g) ?? []).length };
  }
  // A statement that runs until cancelled.
  if (sql.startsWith('WAITFOR DELAY')) return noAnswer;
  // Rows 1 … n, for the SQL Block's select and its stream.
  if (/^SELECT id FROM numbers WHERE id <= @p1$/.test(sql)) {
    return { columns: [{ name: 'id', type: 'int' }], rows: Array.from({ length: Number(values.p1) }, (_, index) => [index + 1]) };
  }
  return undefined;
};

/** A TDS fake with one login (etl) and one database (northwind), and its config for the connector. */
export async function startFakeServer(): Promise<{ fake: TdsFake; config: Record<string, unknown> }> {
  const fake = await startTdsFake({ logins: { etl: fakePassword }, databases: ['northwind'], answer });
  const config = { server: '127.0.0.1', port: fake.port, user: 'etl', password: fakePassword, database: 'northwind', options: { encrypt: false } };
  return { fake, config };
}
