import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Redactor } from '../secrets/redactor.ts';
import { fitRunData, fitValue, jsonBytes, recordOf, shareBudget, toJsonData } from './run-records.ts';

describe('toJsonData', () => {
  it('writes bigints as text, bytes as base64, dates as ISO text, and drops what JSON drops', () => {
    const value = { big: 12n, bytes: new Uint8Array([104, 105]), buffer: Buffer.from('hi'), at: new Date(0), fn: () => 1, list: [undefined, 1] };
    assert.deepEqual(toJsonData(value), { big: '12', bytes: 'aGk=', buffer: 'aGk=', at: '1970-01-01T00:00:00.000Z', list: [null, 1] });
    assert.equal(toJsonData(undefined), undefined);
  });

  it('records a value JSON cannot carry as a note instead of failing the run', () => {
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    assert.match(String(toJsonData(circular)), /^\[not recordable as JSON: /);
  });
});

describe('shareBudget', () => {
  it('keeps small parts whole and splits the rest equally among the large ones', () => {
    assert.deepEqual(shareBudget([10, 1000, 20, 1000], 230), [10, 100, 20, 100]);
    assert.deepEqual(shareBudget([10, 20], 1000), [10, 20]);
    assert.deepEqual(shareBudget([50, 50], 0), [0, 0]);
  });
});

describe('fitValue', () => {
  it('keeps what fits as it is', () => {
    assert.deepEqual(fitValue({ a: [1, 2] }, 100), { value: { a: [1, 2] }, cut: false });
  });

  it('keeps the first items of an array that fit', () => {
    const items = Array.from({ length: 100 }, (_, i) => i * 1000);
    const { value, cut } = fitValue(items, 30);
    assert.equal(cut, true);
    assert.deepEqual(value, [0, 1000, 2000, 3000, 4000, 5000]);
    assert.ok(jsonBytes(value) <= 30);
  });

  it('shares the budget among fields, so a large field does not push out the small ones', () => {
    const { value } = fitValue({ rows: Array.from({ length: 1000 }, (_, i) => ({ i })), rowCount: 1000 }, 200);
    const fitted = value as { rows: Array<{ i: number }>; rowCount: number };
    assert.equal(fitted.rowCount, 1000);
    assert.ok(fitted.rows.length > 5 && fitted.rows.length < 30, String(fitted.rows.length));
    assert.deepEqual(fitted.rows.map((row) => row.i), Array.from({ length: fitted.rows.length }, (_, i) => i));
  });

  it('replaces a value too large to cut by a note with its size', () => {
    assert.deepEqual(fitValue('x'.repeat(100), 50), { value: { truncated: true, bytes: 102 }, cut: true });
  });

  it('cuts the same data the same way every time', () => {
    const data = { a: 'y'.repeat(500), b: Array.from({ length: 300 }, (_, i) => `item ${i}`), c: { d: 'z'.repeat(400), e: 1 } };
    assert.deepEqual(fitValue(data, 700), fitValue(structuredClone(data), 700));
  });
});

describe('fitRunData', () => {
  it('splits the limit among result, console and each edge, and counts the bytes cut', () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ level: 'log' as const, text: `line ${i}`, at: '2030-01-01T00:00:00.000Z' }));
    const outputs = [{ edge: 0, items: Array.from({ length: 100 }, (_, i) => ({ i })) }, { edge: 3, items: ['small'] }];
    const fitted = fitRunData({ result: 'r'.repeat(5000), outputs, console: lines }, 1500);
    assert.equal(fitted.truncated, true);
    assert.deepEqual(fitted.result, { truncated: true, bytes: 5002 });
    assert.deepEqual(fitted.outputs[1], { edge: 3, items: ['small'] });
    assert.ok((fitted.outputs[0]?.items.length ?? 0) > 10);
    assert.ok(fitted.console.length > 5 && fitted.console.length < 50);
    assert.ok(jsonBytes({ result: fitted.result, outputs: fitted.outputs, console: fitted.console }) < 1600);
    assert.ok(fitted.bytesCut > 5000);
  });

  it('leaves data within the limit untouched and an absent result absent', () => {
    const data = { outputs: [{ edge: 0, items: [1] }], console: [] };
    assert.deepEqual(fitRunData(data, 1000), { ...data, truncated: false, bytesCut: 0 });
  });
});

describe('recordOf', () => {
  it('redacts every part, cuts a long error and notes the cut in stats', () => {
    const redactor = new Redactor();
    redactor.add('hunter2-secret');
    const run = recordOf(
      {
        id: 'r1',
        target: { kind: 'code', codeHash: 'h' },
        mode: 'dev',
        startedBy: 'test:a',
        startedAt: '2030-01-01T00:00:00.000Z',
        durationMs: 12.6,
        status: 'error',
        result: { token: 'hunter2-secret' },
        outputs: [{ edge: 0, items: ['hunter2-secret'] }],
        console: [{ level: 'log', text: 'pw hunter2-secret', at: '2030-01-01T00:00:00.000Z' }],
        error: { message: `failed hunter2-secret ${'e'.repeat(20_000)}` },
        stats: { rows: 3 },
      },
      (value) => redactor.redactValue(value),
      10_000,
    );
    assert.ok(!JSON.stringify(run).includes('hunter2-secret'));
    assert.deepEqual(run.result, { token: '[secret]' });
    assert.equal(run.console[0]?.text, 'pw [secret]');
    assert.equal(run.durationMs, 13);
    assert.ok(run.error?.message.startsWith('failed [secret] eee'));
    assert.equal(run.error?.message.length, 10_001);
    assert.equal(run.truncated, true);
    assert.deepEqual(run.stats, { rows: 3 });
  });
});
