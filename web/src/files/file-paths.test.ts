import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { childPath, crumbsOf, percentOf } from './file-paths.ts';

describe('file paths', () => {
  test('a name inside the top, a directory and a directory given with a slash', () => {
    assert.equal(childPath('.', 'a.txt'), 'a.txt');
    assert.equal(childPath('docs', 'a.txt'), 'docs/a.txt');
    assert.equal(childPath('/srv/', 'a.txt'), '/srv/a.txt');
  });

  test('breadcrumbs go from the top to the path, relative or absolute', () => {
    assert.deepEqual(crumbsOf('.', 'Home'), [{ label: 'Home', path: '.' }]);
    assert.deepEqual(crumbsOf('docs/2026', 'Home'), [
      { label: 'Home', path: '.' },
      { label: 'docs', path: 'docs' },
      { label: '2026', path: 'docs/2026' },
    ]);
    assert.deepEqual(crumbsOf('/srv/data/', 'Top'), [
      { label: 'Top', path: '/' },
      { label: 'srv', path: '/srv' },
      { label: 'data', path: '/srv/data' },
    ]);
  });

  test('percent is floored, so 100 means all bytes were sent', () => {
    assert.equal(percentOf(999, 1000), 99);
    assert.equal(percentOf(1000, 1000), 100);
    assert.equal(percentOf(0, 0), 100);
  });
});
