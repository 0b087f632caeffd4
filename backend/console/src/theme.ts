import { createSignal } from 'solid-js';
import { nextTheme, readTheme, shownTheme, THEME_KEY, type ThemeChoice } from './theme.core';

/** The theme as a page holds it: the choice, what shows, and the toggle between them. */
export interface Theme {
  theme: () => ThemeChoice;
  shown: () => 'light' | 'dark';
  toggleTheme: () => void;
}

/**
 * The theme of the console and of the registration site (same origin, so one choice kept under one
 * key in `store`): the system's preference followed while the choice is `system`, the page's
 * data-theme set to match.
 */
export function createTheme(store: () => Storage | null): Theme {
  const [theme, setTheme] = createSignal<ThemeChoice>(readTheme(store()?.getItem(THEME_KEY) ?? null));
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
  const [systemDark, setSystemDark] = createSignal(dark?.matches ?? false);
  dark?.addEventListener?.('change', (e) => setSystemDark(e.matches));
  const apply = (choice: ThemeChoice) => {
    if (choice === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = choice;
  };
  apply(theme());
  return {
    theme,
    shown: () => shownTheme(theme(), systemDark()),
    toggleTheme: () => {
      const next = nextTheme(theme(), systemDark());
      setTheme(next);
      apply(next);
      if (next === 'system') store()?.removeItem(THEME_KEY);
      else store()?.setItem(THEME_KEY, next);
    },
  };
}
