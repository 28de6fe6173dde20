import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { useRef, type ReactNode } from 'react';

export interface SecretValueFieldProps {
  label: string;
  /** Whether the server holds a value for this mode; the value itself is never sent to the browser. */
  isSet: boolean;
  /** What an unset value means, e.g. "production uses the development value". */
  unsetText: string;
  /** The new value being typed; undefined while the current value is kept. */
  value: string | undefined;
  onValue(value: string | undefined): void;
  required?: boolean;
  /** Extra actions beside Replace, e.g. Clear. */
  actions?: ReactNode;
}

/**
 * A secret value is write-only: the field never shows or prefills a stored value, only whether
 * one is set, with Replace to type a new one.
 */
export function SecretValueField({ label, isSet, unsetText, value, onValue, required, actions }: SecretValueFieldProps) {
  // Focus follows a click on Replace, not the dialog's opening, where the first field takes it.
  const revealed = useRef(false);
  if (value !== undefined) {
    return (
      <Stack gap={4}>
        <PasswordInput
          label={label}
          required={required}
          value={value}
          onChange={(event) => onValue(event.currentTarget.value)}
          autoComplete="new-password"
          description={isSet ? 'Replaces the stored value when you save.' : undefined}
          autoFocus={revealed.current}
        />
        {isSet ? (
          <Group>
            <Button variant="subtle" size="xs" onClick={() => onValue(undefined)}>
              Keep the stored value
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  }
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Group gap="sm">
        <Text size="sm">{isSet ? 'Set (hidden)' : unsetText}</Text>
        <Button
          variant="light"
          size="xs"
          onClick={() => {
            revealed.current = true;
            onValue('');
          }}
        >
          {isSet ? 'Replace' : 'Set a value'}
        </Button>
        {actions}
      </Group>
    </Stack>
  );
}
