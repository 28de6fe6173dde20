import { notifications } from '@mantine/notifications';
import { isApiError } from './client.ts';

/** Any error as a sentence for people: the API's own message, never a stack. */
export function errorText(error: unknown): string {
  if (isApiError(error)) {
    if (error.id === 'rate_limited' && error.retryAfterSeconds !== undefined && !/try again/i.test(error.message)) {
      return `${error.message} Try again in ${waitText(error.retryAfterSeconds)}.`;
    }
    return error.message;
  }
  if (error instanceof Error && error.message !== '') return `Something went wrong in the page: ${error.message}`;
  return 'Something went wrong in the page.';
}

/** "45 seconds", "3 minutes". */
function waitText(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Shows an error as a notification; for failures that have no place on the page to be shown inline. */
export function notifyError(error: unknown, title = 'That did not work'): void {
  notifications.show({ color: 'red', title, message: errorText(error), autoClose: 10_000 });
}

export function notifySuccess(message: string): void {
  notifications.show({ color: 'green', message, autoClose: 4_000 });
}
