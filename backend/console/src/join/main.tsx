import { Router } from '@solidjs/router';
import { type JSX, lazy, Suspense } from 'solid-js';
import { render } from 'solid-js/web';
import '../../../../extension/assets/ui.css';
import '../console.css';
import './join.css';
import { Empty, Loading } from '../components/States';
import { JoinProvider } from './session';
import { Shell } from './Shell';

/**
 * The public registration site, served by the backend at /join/ (the same build as the console,
 * its second page): apply, confirm the e-mail address, sign in, and follow the application.
 * Registration's mails link to /join/verify and /join/status.
 */
function NotFound(): JSX.Element {
  return (
    <Shell title="No such page">
      <Empty title="Nothing here">
        Check the address, or <a href="/join/">start from the registration page</a>.
      </Empty>
    </Shell>
  );
}

const routes = [
  { path: '/', component: lazy(() => import('./Apply')) },
  { path: '/verify', component: lazy(() => import('./Verify')) },
  { path: '/sign-in', component: lazy(() => import('./SignIn')) },
  { path: '/status', component: lazy(() => import('./Status')) },
  { path: '*rest', component: NotFound },
];

render(
  () => (
    <JoinProvider>
      <Router base="/join" root={(props) => <Suspense fallback={<Loading />}>{props.children}</Suspense>}>
        {routes}
      </Router>
    </JoinProvider>
  ),
  document.getElementById('join')!,
);
