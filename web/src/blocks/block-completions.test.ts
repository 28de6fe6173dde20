import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockCompletions, type BlockNames } from './block-completions.ts';

const names: BlockNames = {
  connections: [
    { name: 'db', identifier: 'db', type: 'postgres' },
    { name: 'crm-prod', identifier: 'crm_prod', type: 'postgres' },
    { name: 'a_b-c', identifier: 'a_b_c', type: 'sftp' },
  ],
  secretNames: ['API_TOKEN'],
};

function complete(marked: string) {
  const offset = marked.indexOf('|');
  return blockCompletions(marked.slice(0, offset) + marked.slice(offset + 1), offset, names);
}

const labels = (marked: string) => complete(marked)?.options.map((option) => option.label) ?? null;

describe('blockCompletions', () => {
  it('offers connection identifiers and get after connections.', () => {
    assert.deepEqual(labels('async function () { await connections.| }'), ['db', 'crm_prod', "get('a_b-c')", 'get']);
    const result = complete('connections.cr|');
    assert.equal(result?.from, 'connections.'.length);
    assert.equal(result?.options[1]?.info, 'The connection "crm-prod".');
  });

  it('offers connection names as written inside get and brackets', () => {
    assert.deepEqual(labels("await connections.get('|')"), ['db', 'crm-prod', 'a_b-c']);
    assert.equal(complete('connections["crm-|"]')?.from, 'connections["'.length);
  });

  it('offers secret names, sysLog and console methods', () => {
    assert.deepEqual(labels('const key = secrets.|'), ['API_TOKEN']);
    assert.deepEqual(labels('sysLog.|'), ['log', 'warn', 'debug', 'verbose', 'error']);
    assert.deepEqual(labels('console.w|'), ['log', 'info', 'warn', 'error']);
  });

  it('offers the block globals at the start of a name, but not after another object', () => {
    const options = labels('async function () { bra| }');
    assert.ok(options?.includes('branchTo') && options.includes('consoleMsg') && options.includes('snooze'));
    assert.equal(labels('rows.bra|'), null);
    assert.equal(labels('async function () { | }'), null);
  });
});
