import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isZiggyError } from '../core/index.ts';
import { codeReferences } from './code-references.ts';

function syntaxFailure(code: string): { message: string; line: unknown; column: unknown } {
  try {
    codeReferences(code);
  } catch (error) {
    assert.ok(isZiggyError(error));
    assert.equal(error.id, 'bad_input');
    return { message: error.message, line: error.details?.['line'], column: error.details?.['column'] };
  }
  assert.fail('expected a syntax error');
}

describe('codeReferences', () => {
  it('lists connections named by property, literal index and get() with a literal', () => {
    const references = codeReferences(`async function (input) {
      const rows = await connections.db.query('select 1');
      const crm = await connections.get('crm-prod');
      const files = connections['files'];
      const archive = await connections.get(\`archive\`);
      return [rows, crm, files, archive, connections.crm_prod];
    }`);
    assert.deepEqual(references.connections, ['archive', 'crm-prod', 'crm_prod', 'db', 'files']);
    assert.equal(references.dynamicConnections, false);
    assert.deepEqual(references.secrets, []);
  });

  it('lists secrets named by property, literal index and destructuring', () => {
    const references = codeReferences(`function (a) {
      const { API_KEY, 'OTHER': other } = secrets;
      return secrets.TOKEN + secrets['PASSWORD'] + API_KEY + other;
    }`);
    assert.deepEqual(references.secrets, ['API_KEY', 'OTHER', 'PASSWORD', 'TOKEN']);
    assert.equal(references.dynamicSecrets, false);
  });

  it('flags names computed at run time', () => {
    const references = codeReferences(`async (name) => {
      const a = connections[name];
      const b = await connections.get(name);
      return secrets[name];
    }`);
    assert.deepEqual(references, { connections: [], secrets: [], dynamicConnections: true, dynamicSecrets: true });
  });

  it('flags passing the globals around, and a rest element in destructuring', () => {
    assert.equal(codeReferences('async function () { return Object.keys(connections); }').dynamicConnections, true);
    assert.equal(codeReferences('async function () { const s = secrets; return s.X; }').dynamicSecrets, true);
    assert.equal(codeReferences('async function () { const { A, ...rest } = secrets; return rest; }').dynamicSecrets, true);
    assert.equal(codeReferences('async function () { const get = connections.get; return get("db"); }').dynamicConnections, true);
  });

  it('does not take object keys or other objects\' properties for uses', () => {
    const references = codeReferences(`async function (input) {
      const shape = { connections: 1, secrets: 2 };
      return [shape.connections, input.secrets, input.connections.db];
    }`);
    assert.deepEqual(references, { connections: [], secrets: [], dynamicConnections: false, dynamicSecrets: false });
  });

  it('reports a syntax error at the line and column of the user\'s code', () => {
    const failure = syntaxFailure('async function (a) {\n  return a +;\n}');
    assert.deepEqual([failure.line, failure.column], [2, 13]);
    assert.match(failure.message, /^Line 2, column 13: Unexpected token\.$/);
  });

  it('says the code ends too early when a brace is missing', () => {
    const failure = syntaxFailure('async function (a) {\n  return a;');
    assert.equal(failure.line, 2);
    assert.match(failure.message, /ends too early/);
  });

  it('refuses code that is not one function', () => {
    assert.match(syntaxFailure('1 + 2').message, /^Line 1, column 1: a block is one function/);
    assert.match(syntaxFailure('function () {}, 1').message, /^Line 1, column 1: a block is one function/);
    // Closing the wrapper's parenthesis early must not smuggle in a second statement.
    assert.match(syntaxFailure('function () {});\n(process.exit()').message, /^Line 2, column 1: a block is one function/);
    assert.match(syntaxFailure('  \n').message, /the code is empty/);
  });

  it('accepts plain, async and arrow functions', () => {
    for (const code of ['function (a) { return a; }', 'async function named(a) { return a; }', 'async (a) => a', '(a) => a // trailing comment']) {
      assert.doesNotThrow(() => codeReferences(code), code);
    }
  });
});
