/** The console's theme: the system's (prefers-color-scheme) unless the user picked light or dark. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_KEY = 'fw-console-theme';

export function readTheme(stored: string | null): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** The toggle's next choice, from what shows now: system → the other of what shows → system. */
export function nextTheme(choice: ThemeChoice, systemDark: boolean): ThemeChoice {
  if (choice === 'system') return systemDark ? 'light' : 'dark';
  return 'system';
}

/** What shows for a choice. */
export function shownTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}
