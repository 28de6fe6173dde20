import type pg from 'pg';
import type { LoginFailureStore } from '../types.ts';
import { affectedRows, queryRows } from './database.ts';

/** Failed logins shared by every instance on the database, so the limit holds however many instances answer logins. */
export function postgresLoginFailureStore(pool: pg.Pool): LoginFailureStore {
  return {
    async record({ usernameKey, addressKey, at }) {
      await pool.query("INSERT INTO login_failures (kind, key, at) VALUES ('username', $1, $3), ('address', $2, $3)", [
        usernameKey,
        addressKey,
        at,
      ]);
    },

    async recent(kind, key, after, limit) {
      const rows = await queryRows<{ at: string }>(
        pool,
        'SELECT at FROM login_failures WHERE kind = $1 AND key = $2 AND at > $3 ORDER BY at DESC LIMIT $4',
        [kind, key, after, limit],
      );
      return rows.map((row) => row.at);
    },

    async clearUsername(usernameKey) {
      await pool.query("DELETE FROM login_failures WHERE kind = 'username' AND key = $1", [usernameKey]);
    },

    async deleteOlderThan(iso) {
      return affectedRows(pool, 'DELETE FROM login_failures WHERE at <= $1', [iso]);
    },
  };
}
