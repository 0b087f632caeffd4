import type { JSX } from 'solid-js';
import mark from '../../../../extension/assets/mark.svg';
import type { Theme } from '../theme';

/** The product's mark and name, and which site this is (the console, the marketplace's registration). */
export function Brand(props: { tagline: string }): JSX.Element {
  return (
    <span class="brand">
      <img src={mark} alt="" width="28" height="28" />
      <span class="brand-name">Floorwalker</span>
      <span class="brand-tagline">{props.tagline}</span>
    </span>
  );
}

/** The button that switches to the other theme (and back to the system's). */
export function ThemeToggle(props: { theme: Theme }): JSX.Element {
  const other = () => (props.theme.shown() === 'dark' ? 'light' : 'dark');
  return (
    <button type="button" class="icon-button" onClick={() => props.theme.toggleTheme()} aria-label={`Use the ${other()} theme`} title={`Use the ${other()} theme`}>
      <span aria-hidden="true">{props.theme.shown() === 'dark' ? '☀' : '☾'}</span>
    </button>
  );
}
