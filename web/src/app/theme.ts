import { Alert, createTheme, Modal, Notification, type CSSVariablesResolver, type MantineThemeOverride } from '@mantine/core';
import type { Mode } from '../api/index.ts';

/**
 * Development is blue; production turns the primary colour red so that every button says where it acts.
 * Shades are dark enough for white text to pass WCAG AA contrast.
 */
export function themeFor(mode: Mode): MantineThemeOverride {
  return createTheme({
    primaryColor: mode === 'prod' ? 'red' : 'blue',
    primaryShade: { light: mode === 'prod' ? 9 : 8, dark: 8 },
    defaultRadius: 'sm',
    cursorType: 'pointer',
    components: {
      // A coloured title on its light background falls short of AA contrast; the icon and background carry the colour.
      Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
      // Mantine's close buttons have no accessible name of their own.
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
    },
  });
}

/** Mantine's default "dimmed" grey is too light for small text on white; a darker grey keeps contrast. */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': theme.colors.gray[7] ?? '#495057',
    '--mantine-color-placeholder': theme.colors.gray[6] ?? '#868e96',
  },
  dark: {},
});
