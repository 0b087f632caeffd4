import { A } from '@solidjs/router';
import { type JSX, type ParentProps, Show } from 'solid-js';
import { Brand, ThemeToggle } from '../components/Brand';
import { useJoin } from './session';

/** The registration site's frame: the mark, sign-in or sign-out, the theme, one column. */
export function Shell(props: ParentProps<{ title: string; wide?: boolean }>): JSX.Element {
  const state = useJoin();
  return (
    <div class="join">
      <a class="skip-link" href="#main">
        Skip to the page
      </a>
      <header class="join-head">
        <A href="/" class="home-link">
          <Brand tagline="marketplace" />
        </A>
        <div class="topbar-end">
          <Show
            when={state.token()}
            fallback={
              <A href="/sign-in" class="nav-link">
                Sign in
              </A>
            }
          >
            <A href="/status" class="nav-link">
              Your application
            </A>
            <button type="button" class="small-button" onClick={() => void state.signOut()}>
              Sign out
            </button>
          </Show>
          <ThemeToggle theme={state} />
        </div>
      </header>
      <main id="main" tabindex="-1" class="join-main" classList={{ wide: !!props.wide }}>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </div>
  );
}
