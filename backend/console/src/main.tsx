import { Navigate, type RouteDefinition, Router, type RouteSectionProps, useLocation } from '@solidjs/router';
import { type JSX, Match, Suspense, Switch } from 'solid-js';
import { render } from 'solid-js/web';
import '../../../extension/assets/ui.css';
import './console.css';
import { Layout } from './components/Layout';
import { Empty, Loading } from './components/States';
import { homeOf, mayOpen } from './nav.core';
import { type PageEntry, PAGES, PUBLIC_PAGES } from './routes';
import { ConsoleProvider, useConsole } from './state';

/** Signed in, or off to sign in (and back here after). */
function SignedIn(props: RouteSectionProps): JSX.Element {
  const state = useConsole();
  const location = useLocation();
  return (
    <Switch>
      <Match when={state.me() === undefined}>
        <Loading what="the console" />
      </Match>
      <Match when={state.me() === null}>
        <Navigate href={`/sign-in?next=${encodeURIComponent(location.pathname.replace(/^\/console(?=\/|$)/, '') || '/')}`} />
      </Match>
      <Match when={state.me()}>
        <Layout>
          <Suspense fallback={<Loading />}>{props.children}</Suspense>
        </Layout>
      </Match>
    </Switch>
  );
}

/** A page the viewer's role may not open says so (its link is not shown, but an address can be typed). */
function guarded(entry: PageEntry) {
  return () => {
    const state = useConsole();
    const who = entry.nav?.who ?? entry.who ?? { anyone: true as const };
    return (
      <Switch>
        <Match when={mayOpen(who, state.viewer())}>
          <entry.page />
        </Match>
        <Match when={true}>
          <Empty title="Not for your role">Your role in this enterprise does not open this page. An owner of the enterprise can change your role.</Empty>
        </Match>
      </Switch>
    );
  };
}

function NotFound(): JSX.Element {
  return <Empty title="No such page">Check the address, or pick a page from the menu.</Empty>;
}

const routes: RouteDefinition[] = [
  ...PUBLIC_PAGES.map((p) => ({ path: p.path, component: p.page })),
  {
    path: '/',
    component: SignedIn,
    children: [
      { path: '/', component: () => <Navigate href={homeOf(useConsole().viewer())} /> },
      ...PAGES.map((p) => ({ path: p.path, component: guarded(p) })),
      { path: '*rest', component: NotFound },
    ],
  },
];

render(
  () => (
    <ConsoleProvider>
      <Router base="/console" root={(props) => <Suspense fallback={<Loading />}>{props.children}</Suspense>}>
        {routes}
      </Router>
    </ConsoleProvider>
  ),
  document.getElementById('app')!,
);
