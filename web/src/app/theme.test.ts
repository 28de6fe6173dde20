import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_THEME } from '@mantine/core';
import type { Mode } from '../api/index.ts';
import { primaryShades, statusPalettes, themeFor } from './theme.ts';

/** WCAG relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

// AA for normal-size text: badges are 11px, so no large-text allowance.
const aa = 4.5;
const white = '#ffffff';
// The backgrounds text sits on: panels are white, the page is gray-0 in development and orange-0 in production (app.css).
const pageBackgrounds: Record<Mode, string[]> = { dev: [white, DEFAULT_THEME.colors.gray[0]], prod: [white, DEFAULT_THEME.colors.orange[0]] };

function paletteOf(mode: Mode, name: string): readonly string[] {
  const palette = themeFor(mode).colors?.[name] ?? DEFAULT_THEME.colors[name];
  assert.ok(palette, `no palette named ${name}`);
  return palette;
}

function assertReadable(text: string, background: string, what: string): void {
  const ratio = contrast(text, background);
  assert.ok(ratio >= aa, `${what}: ${text} on ${background} is ${ratio.toFixed(2)}:1, under ${aa}:1`);
}

describe('theme colours as small text', () => {
  for (const mode of ['dev', 'prod'] as const) {
    const shade = primaryShades[mode];
    const primary = themeFor(mode).primaryColor ?? 'blue';
    for (const name of new Set([primary, ...Object.keys(statusPalettes)])) {
      it(`${name} in ${mode}: filled, outline and light variants pass AA`, () => {
        const palette = paletteOf(mode, name);
        assertReadable(white, palette[shade]!, `filled ${name}`);
        for (const background of pageBackgrounds[mode]) assertReadable(palette[shade]!, background, `outline ${name}`);
        assertReadable(palette[9]!, palette[1]!, `light ${name}`);
      });
    }
  }

  it('keeps the status colours readable on a hovered light button too', () => {
    for (const [name, palette] of Object.entries(statusPalettes)) assertReadable(palette[9], palette[2], `hovered light ${name}`);
  });

  it('keeps the production colouring apart from development', () => {
    assert.notEqual(themeFor('dev').primaryColor, themeFor('prod').primaryColor);
  });

  it('darkens only the ends of the status palettes, keeping shades from light to dark', () => {
    for (const [name, palette] of Object.entries(statusPalettes)) {
      assert.deepEqual(palette.slice(0, 7), DEFAULT_THEME.colors[name]!.slice(0, 7), name);
      const luminances = palette.map(luminance);
      luminances.slice(1).forEach((value, index) => assert.ok(value < luminances[index]!, `${name} shade ${index + 1} is darker than ${index}`));
    }
  });
});
