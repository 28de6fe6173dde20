import { Tooltip } from '@mantine/core';
import { absoluteTime, relativeTime } from './time.ts';

/** "3 minutes ago", with the exact time on hover and for machines. */
export function RelativeTime({ at }: { at: string }) {
  return (
    <Tooltip label={absoluteTime(at)} openDelay={300}>
      <time dateTime={at}>{relativeTime(at)}</time>
    </Tooltip>
  );
}
