import { Text, VisuallyHidden } from '@mantine/core';
import { useMemo } from 'react';
import { collapseUnchanged, lineDiff } from './line-diff.ts';
import './history.css';

const signs = { added: '+', removed: '−', same: ' ' } as const;
const spoken = { added: 'added:', removed: 'removed:', same: '' } as const;

/**
 * Two texts line by line: removed lines marked − and added lines +, each also in words for screen
 * readers, so the colours are never the only sign. Long unchanged stretches are folded.
 */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const rows = useMemo(() => collapseUnchanged(lineDiff(before, after)), [before, after]);
  if (rows.every((row) => row.kind === 'same' || row.kind === 'skipped')) {
    return (
      <Text size="sm" c="dimmed">
        No change.
      </Text>
    );
  }
  return (
    <div className="ziggy-diff" role="region" aria-label={label} tabIndex={0}>
      <table>
        <tbody>
          {rows.map((row, index) =>
            row.kind === 'skipped' ? (
              <tr key={index} data-kind="skipped">
                <td colSpan={4}>
                  … {row.count} unchanged line{row.count === 1 ? '' : 's'}
                </td>
              </tr>
            ) : (
              <tr key={index} data-kind={row.kind}>
                <td className="ziggy-diff-number">{row.oldNumber ?? ''}</td>
                <td className="ziggy-diff-number">{row.newNumber ?? ''}</td>
                <td className="ziggy-diff-sign" aria-hidden>
                  {signs[row.kind]}
                </td>
                <td>
                  {spoken[row.kind] && <VisuallyHidden>{spoken[row.kind]}</VisuallyHidden>}
                  {row.text}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
