import { Alert, Anchor, List } from '@mantine/core';
import type { Mode, Warning } from '../api/index.ts';
import { modeLabels } from '../app/mode.tsx';
import type { FieldLocation } from '../editor/index.ts';

/** What the save accepted but the user should know: a secret that does not exist yet, a literal where a secret belongs. */
export function SaveWarnings({ warnings, onShow }: { warnings: Warning[]; onShow(mode: Mode, location: FieldLocation): void }) {
  if (warnings.length === 0) return null;
  return (
    <Alert color="yellow" title="Saved, with warnings">
      <List size="sm">
        {warnings.map((warning, index) => (
          <List.Item key={`${warning.mode}:${warning.code}:${index}`}>
            {modeLabels[warning.mode]}: {warning.message}{' '}
            {warning.line === undefined ? null : (
              <Anchor component="button" type="button" size="sm" onClick={() => onShow(warning.mode, { line: warning.line ?? 1, column: warning.column ?? 1 })}>
                Show (line {warning.line})
              </Anchor>
            )}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
