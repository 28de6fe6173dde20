import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { notifySuccess, useSettings, useUpdateSettings, type Mode } from '../api/index.ts';
import { ErrorAlert } from '../ui/index.ts';

/** Server-wide settings: the mode used by calls that name none (CLI, API, blocks run without a mode). */
export function SettingsPanel() {
  const settings = useSettings();
  const update = useUpdateSettings();
  const [defaultMode, setDefaultMode] = useState<Mode | undefined>(undefined);
  const current = defaultMode ?? settings.data?.defaultMode;
  return (
    <Stack maw={520}>
      <ErrorAlert error={settings.error} title="Cannot load the settings" />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (current !== undefined) update.mutate({ defaultMode: current }, { onSuccess: () => notifySuccess('Settings saved.') });
        }}
      >
        <Stack>
          <Select
            label="Default mode"
            description="Used by API calls, CLI commands and runs that name no mode. The mode switch in this page's header is yours alone."
            data={[
              { value: 'dev', label: 'Development' },
              { value: 'prod', label: 'Production' },
            ]}
            value={current ?? null}
            allowDeselect={false}
            onChange={(value) => setDefaultMode((value ?? undefined) as Mode | undefined)}
          />
          <Group>
            <Button type="submit" loading={update.isPending} disabled={current === settings.data?.defaultMode}>
              Save settings
            </Button>
          </Group>
        </Stack>
      </form>
      <Text size="sm" c="dimmed">
        Changes are written to the audit log.
      </Text>
    </Stack>
  );
}
