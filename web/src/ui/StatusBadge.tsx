import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';

export type Tone = 'ok' | 'neutral' | 'warn' | 'bad';

/** Colours whose text keeps WCAG AA contrast at badge size (checked with axe). */
const tones: Record<Tone, { color: string; variant: 'filled' | 'outline'; autoContrast?: boolean }> = {
  ok: { color: 'teal.9', variant: 'filled' },
  neutral: { color: 'gray.7', variant: 'outline' },
  warn: { color: 'yellow.4', variant: 'filled', autoContrast: true },
  bad: { color: 'red.9', variant: 'filled' },
};

export function StatusBadge({ tone, children }: { tone: Tone; children: ReactNode }) {
  const { color, variant, autoContrast } = tones[tone];
  return (
    <Badge color={color} variant={variant} autoContrast={autoContrast} radius="sm" tt="none">
      {children}
    </Badge>
  );
}
