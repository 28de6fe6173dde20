import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ZiggyError } from '../errors.ts';
import { parseConfig } from './parse.ts';
import { resolveConfig } from './resolve.ts';
import type { ConfigObjectNode } from './types.ts';

const at = { line: 1, column: 1, start: 0, end: 1 };

describe('resolveConfig', () => {
  it('puts the looked-up value of each secret in place, also inside concatenations and arrays', () => {
    const tree = parseConfig(
      "{\n  user: secrets.DB_USER,\n  url: `postgres://${secrets.DB_USER}:${secrets['DB_PASS']}@db:5432/app`,\n  hosts: [secrets.DB_HOST, 'replica'],\n}",
    );
    const asked: string[] = [];
    const values: Record<string, string> = { DB_USER: 'etl', DB_PASS: 'p@ss', DB_HOST: 'primary' };
    const resolved = resolveConfig(tree, {
      mode: 'prod',
      connection: 'northwind',
      lookup: (name) => {
        asked.push(name);
        return values[name];
      },
    });
    assert.deepEqual(resolved, { user: 'etl', url: 'postgres://etl:p@ss@db:5432/app', hosts: ['primary', 'replica'] });
    assert.deepEqual(asked, ['DB_USER', 'DB_USER', 'DB_PASS', 'DB_HOST']);
  });

  it('fails with secret_missing naming the secret, the connection, the mode and the position', () => {
    const tree = parseConfig("{\n  host: 'db',\n  password: secrets.MISSING_PW,\n}");
    assert.throws(
      () => resolveConfig(tree, { mode: 'prod', connection: 'warehouse', lookup: () => undefined }),
      (error: unknown) => {
        assert.ok(error instanceof ZiggyError);
        assert.equal(error.id, 'secret_missing');
        assert.equal(error.status, 422);
        assert.equal(error.message, 'Secret "MISSING_PW" referenced by connection "warehouse" (mode prod) does not exist.');
        assert.deepEqual(error.details, { secret: 'MISSING_PW', connection: 'warehouse', mode: 'prod', line: 3, column: 13 });
        return true;
      },
    );
  });

  it('fails on a missing secret inside a template literal', () => {
    const tree = parseConfig('{ dsn: `user=${secrets.PRESENT} pw=${secrets.ABSENT}` }');
    assert.throws(
      () => resolveConfig(tree, { mode: 'dev', connection: 'c', lookup: (name) => (name === 'PRESENT' ? 'x' : undefined) }),
      (error: unknown) => error instanceof ZiggyError && error.details?.secret === 'ABSENT' && error.details.column === 38,
    );
  });

  it('returns plain objects and arrays', () => {
    const resolved = resolveConfig(parseConfig('{ a: { b: [ { c: 1 } ] } }'), { mode: 'dev', connection: 'c', lookup: () => undefined });
    const inner = resolved.a as { b: Array<Record<string, number>> };
    assert.equal(Object.getPrototypeOf(resolved), Object.prototype);
    assert.equal(Object.getPrototypeOf(inner), Object.prototype);
    assert.ok(Array.isArray(inner.b));
    assert.equal(Object.getPrototypeOf(inner.b[0]), Object.prototype);
  });

  it('keeps a __proto__ key of a hand-built tree as an own property instead of changing the prototype', () => {
    const tree: ConfigObjectNode = {
      kind: 'object',
      loc: at,
      entries: [
        {
          key: '__proto__',
          keyLoc: at,
          value: { kind: 'object', loc: at, entries: [{ key: 'polluted', keyLoc: at, value: { kind: 'boolean', value: true, loc: at } }] },
        },
      ],
    };
    const resolved = resolveConfig(tree, { mode: 'dev', connection: 'c', lookup: () => undefined });
    assert.equal(Object.getPrototypeOf(resolved), Object.prototype);
    assert.equal((resolved as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(resolved, '__proto__')?.value, { polluted: true });
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });
});
