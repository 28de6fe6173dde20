/**
 * Runs every benchmark and prints docs/benchmarks.md's measured section as markdown,
 * with the machine it ran on. Run: npm run bench
 */
import os from 'node:os';
import { formatBlockRunBench, runBlockRunBench } from './block-run.ts';
import { formatFileTransferBench, runFileTransferBench } from './file-transfer.ts';
import { formatLaneRunBench, runLaneRunBench } from './lane-run.ts';
import { formatParseResolveBench, runParseResolveBench } from './parse-resolve.ts';
import { formatMysqlStreamBench, runMysqlStreamBench } from './mysql-stream.ts';
import { formatMqttPublishBench, runMqttPublishBench } from './mqtt-publish.ts';
import { formatQueueReapBench, runQueueReapBench } from './queue-reap.ts';
import { formatScaleRunsBench, runScaleRunsBench } from './scale-runs.ts';
import { formatSqlStreamBench, runSqlStreamBench } from './sql-stream.ts';
import { runWarmGetBench } from './warm-get.ts';
import type { Measurement } from './measure.ts';

function row(label: string, m: Measurement): string {
  return `| ${label} | ${m.iterations} | ${m.medianUs} | ${m.p99Us} | ${m.opsPerSecond.toLocaleString('en-US')} |`;
}

// Other work on the machine moves the figures; the 1-minute load average at the start says how much there was.
const loadAtStart = os.loadavg()[0] ?? 0;
const parseResolve = await runParseResolveBench();
const warm = await runWarmGetBench();
const blockRun = await runBlockRunBench();
const laneRun = await runLaneRunBench();
const sqlStream = await runSqlStreamBench();
const mysqlStream = await runMysqlStreamBench();
const fileTransfer = await runFileTransferBench();
const mqttPublish = await runMqttPublishBench();
const scaleRuns = await runScaleRunsBench();
const queueReap = await runQueueReapBench();
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';

console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${os.platform()} ${os.release()}, load average ${loadAtStart.toFixed(1)} at the start.

### Config language: parse + resolve

${formatParseResolveBench(parseResolve)}

### A warm \`connections.get\` next to a client held in a variable

| what | iterations | median µs | p99 µs | ops/s |
| --- | ---: | ---: | ---: | ---: |
${row('`await hub.connections.get(\'db\')` (default revalidateMs 1000)', warm.lookup.viaGet)}
${row('`await hub.connections.get(\'db\')` with revalidateMs 0 (store read + decrypt + fingerprint every call)', warm.lookup.viaGetResolvingEveryCall)}
${row('baseline: `await pool` held in a variable', warm.lookup.heldVariable)}
${row('`get` then `SELECT 1` on real PostgreSQL', warm.select1.viaGet)}
${row('baseline: `SELECT 1` on the held pool', warm.select1.heldVariable)}

### A warm JavaScript Block run doing \`SELECT 1\` next to the same query in a plain script

${formatBlockRunBench(blockRun)}

### The first run of a new trust lane next to a warm run

${formatLaneRunBench(laneRun)}

### Streaming 1,000,000 rows with the SQL Block's \`select\` next to a raw pg-cursor

Each row is the median of ${sqlStream.cursor.rounds} fresh child processes; memory growth is over the figures just before the query.

${formatSqlStreamBench(sqlStream)}

### Streaming 1,000,000 rows from MariaDB with the SQL Block's \`select\` next to a raw mysql2 stream

Each row is the median of ${mysqlStream.raw.rounds} fresh child processes; memory growth is over the figures just before the query.

${formatMysqlStreamBench(mysqlStream)}

### Get and put of a 256 MB file through the SFTP and S3 file stores next to OpenSSH's \`sftp\` and the raw SDK

${formatFileTransferBench(fileTransfer)}

### MQTT publish through the MQTT Publish block next to raw mqtt.js

${formatMqttPublishBench(mqttPublish)}

### Scale-out: block runs through the PostgreSQL queue next to one SQLite server

${formatScaleRunsBench(scaleRuns)}

### The run queue's once-a-second reap pass, next to the same pass without the index on queued rows

${formatQueueReapBench(queueReap)}
`);
