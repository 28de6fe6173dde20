import type { FastifyReply } from 'fastify';
import { isPendingRun, type RunRecord } from '../../service/run-types.ts';

/** 200 with a run that ended; 202 with one still queued or running (asked for with ?wait=false). */
export function replyWithRun(reply: FastifyReply, run: RunRecord): RunRecord {
  if (isPendingRun(run)) reply.code(202);
  return run;
}
