import { List, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { TestStep } from '../api/index.ts';
import { durationText } from './test-outcome.ts';

/** The steps a test went through (resolve config, connect, log in, …), each with its outcome and time. */
export function TestSteps({ steps }: { steps: readonly TestStep[] }) {
  if (steps.length === 0) return null;
  return (
    <List spacing={2} size="sm" center aria-label="Test steps">
      {steps.map((step, index) => (
        <List.Item
          key={`${index}-${step.name}`}
          icon={
            <ThemeIcon color={step.ok ? 'green' : 'red'} size={18} radius="xl" role="img" aria-label={step.ok ? 'passed' : 'failed'}>
              {step.ok ? <IconCheck size={12} aria-hidden /> : <IconX size={12} aria-hidden />}
            </ThemeIcon>
          }
        >
          <Text size="sm" span>
            {step.name}
          </Text>
          <Text size="xs" c="dimmed" span>
            {' '}
            · {durationText(step.durationMs)}
            {step.message && !step.ok ? ` · ${step.message}` : ''}
          </Text>
        </List.Item>
      ))}
    </List>
  );
}
