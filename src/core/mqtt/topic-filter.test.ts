import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesFilter } from './topic-filter.ts';

test('topic filters match as MQTT says: + one level, # the rest and its parent, $ topics not by a leading wildcard, $share dropped', () => {
  assert.ok(matchesFilter('a/+/c', 'a/b/c'));
  assert.ok(!matchesFilter('a/+/c', 'a/b/c/d'));
  assert.ok(matchesFilter('a/#', 'a'));
  assert.ok(matchesFilter('a/#', 'a/b/c'));
  assert.ok(!matchesFilter('a/b', 'a'));
  assert.ok(!matchesFilter('#', '$SYS/broker/version'));
  assert.ok(matchesFilter('$SYS/#', '$SYS/broker/version'));
  assert.ok(matchesFilter('$share/group/a/+', 'a/b'));
});
