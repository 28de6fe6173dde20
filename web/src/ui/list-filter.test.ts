import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesSearchAndTags, tagsIn } from './list-filter.ts';

const warehouse = { name: 'Warehouse', description: 'Nightly ETL target', tags: ['etl', 'prod'] };

describe('list filter', () => {
  it('finds the search text in the name or the description, case aside', () => {
    assert.equal(matchesSearchAndTags(warehouse, 'ware', []), true);
    assert.equal(matchesSearchAndTags(warehouse, '  NIGHTLY ', []), true);
    assert.equal(matchesSearchAndTags(warehouse, 'sftp', []), false);
    assert.equal(matchesSearchAndTags(warehouse, '   ', []), true);
  });

  it('keeps an item only when it carries every chosen tag', () => {
    assert.equal(matchesSearchAndTags(warehouse, '', ['etl', 'prod']), true);
    assert.equal(matchesSearchAndTags(warehouse, '', ['etl', 'dev']), false);
    assert.equal(matchesSearchAndTags(warehouse, 'ware', ['dev']), false);
  });

  it('lists each tag in use once, sorted', () => {
    assert.deepEqual(tagsIn([warehouse, { name: 'b', description: '', tags: ['dev', 'etl'] }]), ['dev', 'etl', 'prod']);
    assert.deepEqual(tagsIn([]), []);
  });
});
