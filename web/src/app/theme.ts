import {
  Alert,
  colorsTuple,
  createTheme,
  DEFAULT_THEME,
  Modal,
  NavLink,
  Notification,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  type MantineThemeOverride,
} from '@mantine/core';
import type { Mode } from '../api/index.ts';

/**
 * Mantine's own shades 0–6 with darker ends: its shade 8 becomes 7, and 8 and 9 are the ones given.
 * Filled and outline variants use shade 8 (9 in production) and light variants shade 9 on shade 1,
 * so these two shades must read as small text: theme.test.ts checks that every one of them does.
 */
function withDarkEnds(name: 'red' | 'orange' | 'green', shade8: string, shade9: string): MantineColorsTuple {
  const mantine = DEFAULT_THEME.colors[name];
  return colorsTuple([...mantine.slice(0, 7), mantine[8], shade8, shade9]);
}

/** The status colours (ok, error, timed out, restore, delete): Mantine's darkest shades of these fall short of AA as 11px text. */
export const statusPalettes = {
  red: withDarkEnds('red', '#d32e2e', '#b02525'),
  orange: withDarkEnds('orange', '#bf490a', '#ad390c'),
  green: withDarkEnds('green', '#267f37', '#237233'),
};

/** Which shade filled and outline variants use in each mode (light colour scheme). */
export const primaryShades: Record<Mode, 8 | 9> = { dev: 8, prod: 9 };

/**
 * Development is blue; production turns the primary colour red so that every button says where it acts.
 * Shades are dark enough for white text to pass WCAG AA contrast.
 */
export function themeFor(mode: Mode): MantineThemeOverride {
  return createTheme({
    primaryColor: mode === 'prod' ? 'red' : 'blue',
    primaryShade: { light: primaryShades[mode], dark: 8 },
    colors: statusPalettes,
    defaultRadius: 'sm',
    cursorType: 'pointer',
    components: {
      // A coloured title on its light background falls short of AA contrast; the icon and background carry the colour.
      Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
      // Mantine's close buttons have no accessible name of their own.
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
      // The active link fades its description to 90%, which drops it below AA contrast on the light background.
      NavLink: NavLink.extend({ styles: { description: { opacity: 1 } } }),
    },
  });
}

/** Mantine's default "dimmed" grey and error red are too light for small text on white; darker shades keep contrast. */
export const cssVariablesResolver: CSSVariablesResolver = (theme) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': theme.colors.gray[7] ?? '#495057',
    '--mantine-color-placeholder': theme.colors.gray[6] ?? '#868e96',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});
