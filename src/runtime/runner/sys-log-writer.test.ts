import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sysLogFileName, SysLogWriter, type SysLogLine } from './sys-log-writer.ts';
import { tempLogsDir } from './test-resolvers.ts';

let dir: string;
before(async () => {
  dir = await tempLogsDir();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (at: string, message: string, extra: Partial<SysLogLine> = {}): SysLogLine => ({
  at,
  level: 'log',
  message,
  executionId: 'e1',
  mode: 'dev',
  ...extra,
});

describe('SysLogWriter', () => {
  it('names files after the UTC hour', () => {
    assert.equal(sysLogFileName(new Date('2025-03-04T05:59:59.999Z')), 'ziggy-2025-03-04-05.log');
    assert.equal(sysLogFileName(new Date('2025-12-31T23:00:00Z')), 'ziggy-2025-12-31-23.log');
  });

  it('appends JSON lines in call order and starts a new file each hour', async () => {
    const logsDir = path.join(dir, 'nested', 'logs');
    const writer = new SysLogWriter(logsDir);
    await Promise.all([
      writer.write(line('2025-03-04T05:10:00.000Z', 'one', { extraData: { count: 10n } })),
      writer.write(line('2025-03-04T05:59:00.000Z', 'two', { level: 'error', traceInfo: { message: 'boom' } })),
      writer.write(line('2025-03-04T06:00:00.000Z', 'three')),
    ]);
    assert.deepEqual((await readdir(logsDir)).sort(), ['ziggy-2025-03-04-05.log', 'ziggy-2025-03-04-06.log']);
    const five = (await readFile(path.join(logsDir, 'ziggy-2025-03-04-05.log'), 'utf8')).trim().split('\n').map((text) => JSON.parse(text) as unknown);
    assert.deepEqual(five, [
      { at: '2025-03-04T05:10:00.000Z', level: 'log', executionId: 'e1', mode: 'dev', message: 'one', extraData: { count: '10' } },
      { at: '2025-03-04T05:59:00.000Z', level: 'error', executionId: 'e1', mode: 'dev', message: 'two', traceInfo: { message: 'boom' } },
    ]);
  });

  it('rejects a line it cannot write and still writes the next', async () => {
    const logsDir = path.join(dir, 'blocked');
    await mkdir(logsDir);
    const writer = new SysLogWriter(logsDir);
    // A directory where the file should be makes that one append fail, even for root.
    await mkdir(path.join(logsDir, 'ziggy-2025-01-01-00.log'));
    await assert.rejects(writer.write(line('2025-01-01T00:30:00.000Z', 'lost')), /EISDIR/);
    await writer.write(line('2025-01-01T01:30:00.000Z', 'kept'));
    assert.match(await readFile(path.join(logsDir, 'ziggy-2025-01-01-01.log'), 'utf8'), /"message":"kept"/);
  });
});
