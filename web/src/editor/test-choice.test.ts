import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseTest, sameSource } from './test-choice.ts';

describe('chooseTest', () => {
  it('tests a saved, unchanged connection as saved, for operators and editors alike', () => {
    for (const canWrite of [true, false]) {
      assert.deepEqual(chooseTest({ canWrite, canRun: true, connectionName: 'db', unchanged: true }), { kind: 'saved', connectionName: 'db' });
    }
  });

  it('tests changed or new text as a draft for editors', () => {
    assert.deepEqual(chooseTest({ canWrite: true, canRun: true, connectionName: 'db', unchanged: false }), { kind: 'draft' });
    assert.deepEqual(chooseTest({ canWrite: true, canRun: true, unchanged: false }), { kind: 'draft' });
  });

  it('tells an operator with unsaved changes why the draft cannot be tested', () => {
    const choice = chooseTest({ canWrite: false, canRun: true, connectionName: 'db', unchanged: false });
    assert.equal(choice.kind, 'blocked');
    assert.match(choice.kind === 'blocked' ? choice.reason : '', /saved config only.*Undo the changes/);
    const fresh = chooseTest({ canWrite: false, canRun: true, unchanged: false });
    assert.match(fresh.kind === 'blocked' ? fresh.reason : '', /needs the editor role/);
  });

  it('lets a viewer test nothing', () => {
    assert.equal(chooseTest({ canWrite: false, canRun: false, connectionName: 'db', unchanged: true }).kind, 'blocked');
  });
});

describe('sameSource', () => {
  it('treats line-end styles and a missing source alike', () => {
    assert.equal(sameSource("{\r\n  a: 1\r\n}", '{\n  a: 1\n}'), true);
    assert.equal(sameSource(null, ''), true);
    assert.equal(sameSource('{ a: 1 }', '{ a: 2 }'), false);
  });
});
