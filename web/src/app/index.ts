/** The app's shared hooks for every page: the current mode and the signed-in user. */
export { modeLabels, ModeProvider, useMode, type ModeState } from './mode.tsx';
export { RequireSession, useSession, type Session } from './session.tsx';
