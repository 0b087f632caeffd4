import { createContext, createSignal, type JSX, type ParentProps, useContext } from 'solid-js';
import type { SignedIn } from '../../../../shared/associates';
import { type Api, createApi } from '../api.core';
import { createTheme, type Theme } from '../theme';

/**
 * Where the applicant's sign-in is kept: sessionStorage, so it ends with the tab. The token is
 * the associate's bearer token (the same the extension's agent mode uses), so it is kept no
 * longer than the visit; script of another site cannot read it because the page's policy
 * (CSP: script-src 'self') runs no third-party or inline script.
 */
const TOKEN_KEY = 'fw-join-token';

interface JoinState extends Theme {
  api: Api;
  token: () => string | null;
  signedIn: (answer: SignedIn) => void;
  signOut: () => Promise<void>;
}

const JoinContext = createContext<JoinState>();

function storage(kind: 'session' | 'local'): Storage | null {
  try {
    return kind === 'session' ? window.sessionStorage : window.localStorage;
  } catch {
    return null;
  }
}

export function JoinProvider(props: ParentProps): JSX.Element {
  const [token, setToken] = createSignal<string | null>(storage('session')?.getItem(TOKEN_KEY) ?? null);
  const keep = (value: string | null) => {
    if (value) storage('session')?.setItem(TOKEN_KEY, value);
    else storage('session')?.removeItem(TOKEN_KEY);
    setToken(value);
  };
  const api = createApi({
    // The bearer token on every request while signed in; no cookie is involved (so no CSRF token either).
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      const t = token();
      if (t) headers.set('authorization', `Bearer ${t}`);
      return fetch(input, { ...init, headers, credentials: 'omit' });
    },
    csrfToken: () => null,
    enterpriseId: () => null,
    // A token that expired or was revoked is of no use: forget it, the page offers sign-in.
    onUnauthorized: () => keep(null),
  });

  // The console's theme choice, shared with it (same origin, same key).
  const theme = createTheme(() => storage('local'));

  const state: JoinState = {
    api,
    token,
    signedIn: (answer) => keep(answer.token),
    signOut: async () => {
      try {
        if (token()) await api.send('POST', '/associates/sign-out');
      } catch {
        // Signed out here either way; the token expires on its own.
      }
      keep(null);
    },
    ...theme,
  };
  return <JoinContext.Provider value={state}>{props.children}</JoinContext.Provider>;
}

export function useJoin(): JoinState {
  const state = useContext(JoinContext);
  if (!state) throw new Error('useJoin outside JoinProvider');
  return state;
}
