import { z } from 'zod';
import { mode, modeInput } from './common.ts';

export const settings = z.object({ defaultMode: mode.describe('The mode used when a call names none') });

export const settingsUpdate = z.strictObject({ defaultMode: modeInput.optional() });
