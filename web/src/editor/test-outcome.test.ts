import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detailLabel, durationText, outcomeLocation } from './test-outcome.ts';

describe('outcomeLocation', () => {
  it('uses the field location the test reports', () => {
    assert.deepEqual(outcomeLocation({ code: 'auth_failed', message: '', fieldLocation: { line: 3, column: 3 } }, '{}'), { line: 3, column: 3 });
    assert.equal(outcomeLocation({ code: 'connection_refused', message: '' }, '{}'), null);
  });

  it('finds a syntax error in the tested text with the same parser', () => {
    assert.deepEqual(outcomeLocation({ code: 'config_syntax', message: '' }, "{\n  host 'db'\n}"), { line: 2, column: 7 });
  });

  it('points at the reference to a secret the test found missing', () => {
    const outcome = { code: 'secret_missing', message: 'Secret "X" referenced by connection "(draft)" (mode dev) does not exist.' };
    assert.deepEqual(outcomeLocation(outcome, "{\n  host: 'db',\n  password: secrets.X,\n}"), { line: 3, column: 13 });
    assert.equal(outcomeLocation({ ...outcome, message: 'Something else.' }, '{ password: secrets.X }'), null);
  });
});

describe('detailLabel and durationText', () => {
  it('turns detail keys into words', () => {
    assert.equal(detailLabel('serverVersion'), 'Server version');
    assert.equal(detailLabel('tls_version'), 'Tls version');
  });

  it('says durations in the unit that reads best', () => {
    assert.deepEqual([830, 2430, 12_400, 65_000].map(durationText), ['830 ms', '2.4 s', '12 s', '1 min 5 s']);
  });
});
