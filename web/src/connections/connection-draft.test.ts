import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../api/client.ts';
import type { ConnectionView } from '../api/types.ts';
import { createInput, draftOf, emptyDraft, errorLocation, isDirty, typeProblem, updateInput, withType } from './connection-draft.ts';

const saved: ConnectionView = {
  name: 'warehouse',
  identifier: 'warehouse',
  type: 'postgres',
  description: 'the warehouse',
  tags: ['analytics'],
  version: 3,
  prodUsesDev: true,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  updatedBy: 'user:admin',
  lastTest: {},
  devSource: "{ host: 'db' }",
  prodSource: null,
  secretRefs: { dev: [], prod: [] },
  hiddenSources: [],
};

const examples = new Map([
  ['postgres', "{ host: 'connectionUrl' }"],
  ['sftp', "{ host: 'my-sftp-server.com' }"],
]);

describe('connection drafts', () => {
  test('an unchanged draft is not dirty and sends nothing but its version', () => {
    const draft = draftOf(saved);
    assert.equal(isDirty(draft, saved), false);
    assert.deepEqual(updateInput(draft, saved), { version: 3 });
  });

  test('an update carries only what changed, with the version it was based on', () => {
    const draft = { ...draftOf(saved), description: 'new words', prodSource: "{ host: 'prod-db' }" };
    assert.equal(isDirty(draft, saved), true);
    assert.deepEqual(updateInput(draft, saved), { version: 3, description: 'new words', prodSource: "{ host: 'prod-db' }" });
  });

  test('a new connection asks for a type once the form is started, and a saved one never does', () => {
    assert.equal(typeProblem(emptyDraft, undefined), undefined);
    assert.equal(typeProblem({ ...emptyDraft, name: 'crm' }, undefined), 'Choose a type');
    assert.equal(typeProblem({ ...emptyDraft, name: 'crm', type: 'postgres' }, undefined), undefined);
    assert.equal(typeProblem({ ...draftOf(saved), type: '' }, saved), undefined);
  });

  test('a blank production object means production uses development', () => {
    const withProd = { ...saved, prodSource: "{ host: 'prod-db' }", prodUsesDev: false };
    assert.deepEqual(updateInput({ ...draftOf(withProd), prodSource: '  \n' }, withProd), { version: 3, prodSource: null });
    assert.equal(createInput({ ...emptyDraft, name: ' crm ', type: 'postgres', devSource: '{}', prodSource: '' }).prodSource, null);
    assert.equal(createInput({ ...emptyDraft, name: ' crm ', type: 'postgres', devSource: '{}' }).name, 'crm');
  });

  test("choosing a type fills an empty or untouched development object with the type's example", () => {
    const chosen = withType(emptyDraft, 'postgres', examples);
    assert.equal(chosen.devSource, examples.get('postgres'));
    assert.equal(withType(chosen, 'sftp', examples).devSource, examples.get('sftp'), 'the previous example was untouched');
    const written = { ...chosen, devSource: "{ host: 'mine' }" };
    assert.equal(withType(written, 'sftp', examples).devSource, "{ host: 'mine' }", "the user's own text stays");
  });

  test('a refused save points at the line and column of its mode', () => {
    const syntax = new ApiError('config_syntax', 400, 'Line 2, column 20: …', { line: 2, column: 20, mode: 'prod' });
    assert.deepEqual(errorLocation(syntax), { mode: 'prod', line: 2, column: 20 });
    const invalid = new ApiError('config_invalid', 422, 'does not fit', { mode: 'dev', issues: [{ path: 'port', message: 'bad', line: 4, column: 9 }] });
    assert.deepEqual(errorLocation(invalid), { mode: 'dev', line: 4, column: 9 });
    assert.equal(errorLocation(new ApiError('version_conflict', 409, 'changed')), undefined);
    assert.equal(errorLocation(new Error('boom')), undefined);
  });
});
