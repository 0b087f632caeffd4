import { A, useNavigate } from '@solidjs/router';
import { createSignal, type JSX, Match, onMount, Show, Switch } from 'solid-js';
import type { MyApplication } from '../../../../shared/registration';
import { problemOf } from '../api.core';
import { Loading } from '../components/States';
import { tokenFromFragment, type VerifyOutcome, verifyOutcome } from './join.core';
import { useJoin } from './session';
import { Shell } from './Shell';

/**
 * /join/verify#token=…: the mailed link. The token is read from the fragment (which no request
 * carries) and sent in the body of POST /applications/verify, then the fragment is cleared.
 */
export default function Verify(): JSX.Element {
  const state = useJoin();
  const navigate = useNavigate();
  const [outcome, setOutcome] = createSignal<VerifyOutcome | 'working' | 'no_token'>('working');
  const [resent, setResent] = createSignal<string | null>(null);
  const [resendError, setResendError] = createSignal<string | null>(null);

  onMount(async () => {
    const token = tokenFromFragment(window.location.hash);
    // The token leaves the address bar (and the history) at once.
    history.replaceState(null, '', window.location.pathname);
    if (!token) return setOutcome('no_token');
    try {
      await state.api.send<MyApplication>('POST', '/applications/verify', { token });
      setOutcome(verifyOutcome(null));
    } catch (err) {
      setOutcome(verifyOutcome(problemOf(err)));
    }
  });

  // A new link needs the applicant signed in (the route is theirs): signed in, ask at once; else sign in first.
  const resend = async () => {
    setResendError(null);
    try {
      await state.api.send<MyApplication>('POST', '/applications/me/verification');
      setResent('We sent you a new link. Open it from the newest message.');
    } catch (err) {
      setResendError(problemOf(err).message);
    }
  };

  const failed = () => {
    const o = outcome();
    return typeof o === 'object' && o.kind !== 'verified' ? o : null;
  };

  return (
    <Switch>
      <Match when={outcome() === 'working'}>
        <Shell title="Confirming your address">
          <Loading what="the confirmation" />
        </Shell>
      </Match>
      <Match when={typeof outcome() === 'object' && (outcome() as VerifyOutcome).kind === 'verified'}>
        <Shell title="Your address is confirmed">
          <div class="card" role="status">
            <p>Thank you. Your application goes on: we apply the marketplace's rules and, if they allow, start your background check.</p>
            <div class="actions">
              <button type="button" class="primary" onClick={() => navigate(state.token() ? '/status' : '/sign-in?next=status')}>
                {state.token() ? 'See your application' : 'Sign in to follow your application'}
              </button>
            </div>
          </div>
        </Shell>
      </Match>
      <Match when={outcome() === 'no_token'}>
        <Shell title="This link is incomplete">
          <div class="card">
            <p>The address has no token. Open the link from the e-mail again, whole (some mail programs cut long links).</p>
            <p>
              <A href="/sign-in?next=status">Sign in</A> to ask for a new link.
            </p>
          </div>
        </Shell>
      </Match>
      <Match when={failed()}>
        {(f) => (
          <Shell title={f().kind === 'used' ? 'This link was used already' : f().kind === 'expired' ? 'This link has expired' : f().kind === 'invalid' ? 'This link does not work' : 'Could not confirm your address'}>
            <div class="card">
              <p role="alert">{f().message}</p>
              <Show when={f().kind === 'used'}>
                <p>If you opened it before, your address is confirmed: sign in to see your application.</p>
              </Show>
              <Show
                when={state.token()}
                fallback={
                  <p>
                    <A href="/sign-in?next=status">Sign in</A> with the e-mail and password you applied with; your application's page can send you a new link.
                  </p>
                }
              >
                <Show when={f().kind !== 'used'}>
                  <div class="actions">
                    <button type="button" class="primary" onClick={() => void resend()} disabled={!!resent()}>
                      Send me a new link
                    </button>
                  </div>
                </Show>
                <p class="notice" role="status" hidden={!resent()}>
                  {resent()}
                </p>
                <Show when={resendError()}>
                  <p class="alert" role="alert">
                    {resendError()}
                  </p>
                </Show>
                <p>
                  <A href="/status">See your application</A>
                </p>
              </Show>
            </div>
          </Shell>
        )}
      </Match>
    </Switch>
  );
}
