import { connectionIdentifier, parseConfig, secretNames, type Mode } from '../core/index.ts';
import type { ConnectionRecord } from '../store/types.ts';
import type { ConnectionSummary, ConnectionView, LastTests } from './types.ts';

export function toSummary(record: ConnectionRecord, lastTest: LastTests): ConnectionSummary {
  return {
    name: record.name,
    identifier: connectionIdentifier(record.name),
    type: record.type,
    description: record.description,
    tags: record.tags,
    version: record.version,
    prodUsesDev: record.prodSource === null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    lastTest,
  };
}

function namesIn(source: string): string[] {
  try {
    return secretNames(parseConfig(source));
  } catch {
    return [];
  }
}

export function toView(record: ConnectionRecord, lastTest: LastTests): ConnectionView {
  const dev = namesIn(record.devSource);
  const secretRefs: Record<Mode, string[]> = {
    dev,
    prod: record.prodSource === null ? dev : namesIn(record.prodSource),
  };
  return { ...toSummary(record, lastTest), devSource: record.devSource, prodSource: record.prodSource, secretRefs, hiddenSources: [] };
}

/** The source a mode uses: prod falls back to dev when it has none of its own. */
export function sourceFor(record: Pick<ConnectionRecord, 'devSource' | 'prodSource'>, mode: Mode): string {
  return mode === 'prod' && record.prodSource !== null ? record.prodSource : record.devSource;
}
