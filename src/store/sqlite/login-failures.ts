import type { DatabaseSync } from 'node:sqlite';
import type { LoginFailureStore } from '../types.ts';
import { writeTransaction } from './database.ts';

/** Failed logins shared by every process on the file, so the limit holds however many processes answer logins. */
export function sqliteLoginFailureStore(db: DatabaseSync, file: string): LoginFailureStore {
  return {
    async record({ usernameKey, addressKey, at }) {
      writeTransaction(db, file, () => {
        const insert = db.prepare('INSERT INTO login_failures (kind, key, at) VALUES (?, ?, ?)');
        insert.run('username', usernameKey, at);
        insert.run('address', addressKey, at);
      });
    },

    async recent(kind, key, after, limit) {
      const rows = db
        .prepare('SELECT at FROM login_failures WHERE kind = ? AND key = ? AND at > ? ORDER BY at DESC LIMIT ?')
        .all(kind, key, after, limit);
      return rows.map((row) => String(row['at']));
    },

    async clearUsername(usernameKey) {
      db.prepare("DELETE FROM login_failures WHERE kind = 'username' AND key = ?").run(usernameKey);
    },

    async deleteOlderThan(iso) {
      return Number(db.prepare('DELETE FROM login_failures WHERE at <= ?').run(iso).changes);
    },
  };
}
