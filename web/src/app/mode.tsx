import { createContext, use, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Mode } from '../api/index.ts';

const storageKey = 'ziggy.mode';

export interface ModeState {
  /** The mode the user works in: pages open on its tab, and tests and runs use it. */
  mode: Mode;
  setMode(mode: Mode): void;
}

const ModeContext = createContext<ModeState | undefined>(undefined);

function storedMode(): Mode {
  try {
    return localStorage.getItem(storageKey) === 'prod' ? 'prod' : 'dev';
  } catch {
    return 'dev';
  }
}

/** Keeps the mode in localStorage and marks the document with it, so CSS can colour production differently. */
export function ModeProvider({ children }: { children: ReactNode }) {
  const [mode, setModeState] = useState<Mode>(storedMode);
  useEffect(() => {
    document.documentElement.dataset.ziggyMode = mode;
  }, [mode]);
  const value = useMemo<ModeState>(
    () => ({
      mode,
      setMode: (next) => {
        setModeState(next);
        try {
          localStorage.setItem(storageKey, next);
        } catch {
          // Private windows may refuse storage: the mode still holds for this page.
        }
      },
    }),
    [mode],
  );
  return <ModeContext value={value}>{children}</ModeContext>;
}

/** The current mode (DEVELOPMENT or PRODUCTION) and a way to switch it. */
export function useMode(): ModeState {
  const state = use(ModeContext);
  if (state === undefined) throw new Error('useMode() must be used inside <ModeProvider>.');
  return state;
}

export const modeLabels: Record<Mode, string> = { dev: 'Development', prod: 'Production' };
