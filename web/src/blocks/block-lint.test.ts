import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintBlock } from './block-lint.ts';

const connections = [
  { name: 'db', identifier: 'db', type: 'postgres' },
  { name: 'crm-prod', identifier: 'crm_prod', type: 'postgres' },
];

describe('lintBlock', () => {
  it('accepts one function using known connections and secrets', () => {
    const code = "async function (input) {\n  const crm = await connections.get('crm-prod');\n  return connections.db.query(secrets.Q) && connections.crm_prod;\n}";
    assert.deepEqual(lintBlock(code, { connections, secretNames: ['Q'] }), []);
  });

  it('puts a syntax error at the line and column the server reports', () => {
    const code = 'async function (input) {\n  return input +;\n}';
    const [diagnostic] = lintBlock(code);
    assert.equal(diagnostic?.severity, 'error');
    assert.match(diagnostic?.message ?? '', /^Line 2, column 17: Unexpected token/);
    assert.equal(code.slice(diagnostic?.from, diagnostic?.to), ';');
  });

  it('refuses code that is not one function', () => {
    const [diagnostic] = lintBlock('input + 1');
    assert.match(diagnostic?.message ?? '', /a block is one function/);
  });

  it('warns at the first use of a connection or secret that does not exist', () => {
    const code = "async function () {\n  await connections.get('nope');\n  return secrets.MISSING;\n}";
    const diagnostics = lintBlock(code, { connections, secretNames: [] });
    assert.deepEqual(diagnostics.map((d) => [d.severity, code.slice(d.from, d.to)]), [
      ['warning', 'nope'],
      ['warning', 'MISSING'],
    ]);
    assert.match(diagnostics[0]?.message ?? '', /Connection "nope" does not exist/);
  });
});
