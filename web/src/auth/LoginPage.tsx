import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { authApi, isApiError, queryKeys } from '../api/index.ts';
import { ErrorAlert } from '../ui/index.ts';

/** Only same-app paths are followed after signing in, never another site. */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/connections';
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { username: '', password: '' },
    validate: {
      username: (value) => (value.trim() === '' ? 'Enter your username.' : null),
      password: (value) => (value === '' ? 'Enter your password.' : null),
    },
  });
  const login = useMutation({
    mutationFn: ({ username, password }: { username: string; password: string }) => authApi.login(username.trim(), password),
    meta: { inline: true },
  });
  useEffect(() => {
    document.title = 'Sign in · Ziggy Connections';
  }, []);
  const submit = form.onSubmit((values) =>
    login.mutate(values, {
      onSuccess: async (result) => {
        queryClient.clear();
        queryClient.setQueryData(queryKeys.me, { user: { username: result.user.username, roles: result.user.roles }, via: 'session', csrfToken: result.csrfToken });
        await navigate(safeNext(params.get('next')), { replace: true });
      },
      onError: () => form.setFieldValue('password', ''),
    }),
  );
  return (
    <Center component="main" mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={380} maw="100%">
        <form onSubmit={submit}>
          <Stack>
            <div>
              <Title order={1} size="h2">
                Ziggy Connections
              </Title>
              <Text c="dimmed">Sign in to manage connections and secrets.</Text>
            </div>
            <TextInput label="Username" autoComplete="username" required data-autofocus autoFocus {...form.getInputProps('username')} />
            <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
            <ErrorAlert error={login.error} title={isApiError(login.error) && login.error.id === 'rate_limited' ? 'Too many attempts' : 'Not signed in'} />
            <Button type="submit" loading={login.isPending} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
