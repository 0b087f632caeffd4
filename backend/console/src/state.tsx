import { createContext, createSignal, onMount, type JSX, type ParentProps, useContext } from 'solid-js';
import type { ConsoleMe, ConsoleSignIn, Role } from '../../../shared/console';
import { type Api, ApiProblem, createApi } from './api.core';
import type { Viewer } from './nav.core';
import { type Place, placesOf } from './places.core';
import { createTheme, type Theme } from './theme';

/** The console's own account routes (another module of the backend answers them), in one place. */
export const ACCOUNT = {
  me: '/console/me',
  signIn: '/console/sign-in',
  signOut: '/console/sign-out',
  resetRequest: '/console/password/reset-request',
  password: '/console/password',
  totp: '/console/totp/setup',
  totpConfirm: '/console/totp/enable',
  totpDisable: '/console/totp/disable',
} as const;

const ENTERPRISE_KEY = 'fw-console-enterprise';

export interface ConsoleState extends Theme {
  api: Api;
  /** The signed-in user; null when signed out; undefined while the first answer is awaited. */
  me: () => ConsoleMe | null | undefined;
  setMe: (me: ConsoleMe | null) => void;
  /** The enterprise acted in (a membership's, or a support access's). */
  enterpriseId: () => string | null;
  setEnterpriseId: (id: string) => void;
  /** The enterprises the user may act in: memberships, and an operator's support accesses open now. */
  memberships: () => Place[];
  /** The enterprise acted in, as the switcher shows it. */
  place: () => Place | undefined;
  role: () => Role | null;
  viewer: () => Viewer;
  signIn: (body: ConsoleSignIn) => Promise<ConsoleMe>;
  signOut: () => Promise<void>;
}

const Context = createContext<ConsoleState>();

export function useConsole(): ConsoleState {
  const state = useContext(Context);
  if (!state) throw new Error('useConsole outside ConsoleProvider');
  return state;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function ConsoleProvider(props: ParentProps<{ fetch?: typeof fetch }>): JSX.Element {
  const [me, setMeSignal] = createSignal<ConsoleMe | null | undefined>(undefined);
  const [enterpriseId, setEnterprise] = createSignal<string | null>(storage()?.getItem(ENTERPRISE_KEY) ?? null);
  const theme = createTheme(storage);

  const memberships = () => {
    const m = me();
    return m ? placesOf(m) : [];
  };
  const setMe = (next: ConsoleMe | null) => {
    setMeSignal(next);
    if (!next) return;
    const places = placesOf(next);
    // Keep the enterprise chosen before if the user still belongs to it; else the first that is not suspended.
    if (!places.some((p) => p.enterpriseId === enterpriseId())) {
      const first = places.find((p) => !p.suspended) ?? places[0];
      setEnterprise(first?.enterpriseId ?? null);
    }
  };
  const api = createApi({
    fetch: props.fetch ?? ((input, init) => window.fetch(input, init)),
    csrfToken: () => me()?.csrfToken ?? null,
    enterpriseId,
    onUnauthorized: () => {
      if (me()) setMeSignal(null);
    },
  });
  const place = () => memberships().find((m) => m.enterpriseId === enterpriseId());
  const role = () => place()?.role ?? null;

  onMount(async () => {
    try {
      setMe(await api.get<ConsoleMe>(ACCOUNT.me));
    } catch (err) {
      if (err instanceof ApiProblem && err.problem.status === 401) setMeSignal(null);
      else setMeSignal(null);
    }
  });

  const state: ConsoleState = {
    api,
    me,
    setMe,
    enterpriseId,
    setEnterpriseId: (id) => {
      setEnterprise(id);
      storage()?.setItem(ENTERPRISE_KEY, id);
    },
    memberships,
    place,
    role,
    viewer: () => ({ role: role(), operator: me()?.user.operator ?? false }),
    signIn: async (body) => {
      const signedIn = await api.send<ConsoleMe>('POST', ACCOUNT.signIn, body);
      setMe(signedIn);
      return signedIn;
    },
    signOut: async () => {
      try {
        await api.send('POST', ACCOUNT.signOut);
      } finally {
        setMeSignal(null);
      }
    },
    ...theme,
  };
  return <Context.Provider value={state}>{props.children}</Context.Provider>;
}
