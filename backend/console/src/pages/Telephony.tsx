import { createEffect, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { TelephonySettingsView } from '../../../../shared/telephony';
import { useCheckedForm } from '../checked-form';
import { ConfirmButton } from '../components/Confirm';
import { Field, FormMessage, Saved } from '../components/Field';
import { ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { mayChange } from '../nav.core';
import { addNumber, checkTelephony, makeFirst, TELEPHONY_FIELDS, type TelephonyForm, telephonyForm, webhookUrls } from '../settings/telephony.core';
import { useConsole } from '../state';

/** The account's numbers, in order: the first calls out and takes dial-in calls; add one (checked as E.164), make one first, remove one. */
function NumberList(props: { numbers: string[]; disabled: boolean; error: string | undefined; onChange: (numbers: string[]) => void }): JSX.Element {
  const [draft, setDraft] = createSignal('');
  const [own, setOwn] = createSignal<string | null>(null);
  const add = () => {
    const r = addNumber(props.numbers, draft());
    if (r.ok) {
      props.onChange(r.numbers);
      setDraft('');
      setOwn(null);
    } else setOwn(r.error);
  };
  const error = () => own() ?? props.error;
  return (
    <fieldset class="bare field-block number-list" classList={{ invalid: !!error() }} aria-describedby="numbers-hint">
      <legend class="strong">Numbers the account owns</legend>
      <span id="numbers-hint" class="hint">
        In E.164 form (+ and the country code), as Twilio lists them. The first is the one shoppers see when they are called or texted, and the one they dial in to.
      </span>
      <Show when={props.numbers.length > 0} fallback={<p class="muted small">No number yet.</p>}>
        <ol class="numbers" aria-label="The numbers, the first used">
          <For each={props.numbers}>
            {(n, i) => (
              <li>
                <code class="strong">{n}</code>
                <Show when={i() === 0} fallback={<span class="muted small">spare</span>}>
                  <span class="tag">Calls and texts from · dial-in</span>
                </Show>
                <Show when={!props.disabled}>
                  <span class="row-actions">
                    <Show when={i() > 0}>
                      <button type="button" class="small-button" aria-label={`Make first: ${n}`} onClick={() => props.onChange(makeFirst(props.numbers, i()))}>
                        Make first
                      </button>
                    </Show>
                    <button type="button" class="small-button danger" aria-label={`Remove ${n}`} onClick={() => props.onChange(props.numbers.filter((x) => x !== n))}>
                      Remove
                    </button>
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={!props.disabled}>
        <label for="number-input" class="sr-only">
          A number to add
        </label>
        <div class="code-input">
          <input
            id="number-input"
            name="numbers"
            type="tel"
            inputmode="tel"
            autocomplete="off"
            value={draft()}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={['numbers-hint', error() ? 'numbers-error' : ''].filter(Boolean).join(' ')}
            onInput={(e) => {
              setDraft(e.currentTarget.value);
              setOwn(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
          <button type="button" class="small-button" onClick={add}>
            Add the number
          </button>
        </div>
      </Show>
      <Show when={error()}>
        <span id="numbers-error" class="field-error">
          {error()}
        </span>
      </Show>
    </fieldset>
  );
}

/** Settings → Telephony: the enterprise's Twilio account (SID, write-only auth token, numbers), and the webhook addresses to give Twilio. */
export default function Telephony(): JSX.Element {
  const state = useConsole();
  const settings = useRead(() => state.api.get<TelephonySettingsView>('/telephony/settings'));
  const view = () => settings.data.latest;
  const configured = () => view()?.configured === true;
  const { form, patch, load, errors, saved, setSaved, busy, submit, refused } = useCheckedForm(telephonyForm(null), (f: TelephonyForm) => checkTelephony(f, view()?.authTokenSet ?? false), TELEPHONY_FIELDS);
  createEffect(() => {
    const s = view();
    if (s !== undefined) load(telephonyForm(s));
  });
  const canChange = () => mayChange(state.viewer(), 'PUT', '/telephony/settings');
  const save = submit(async (body) => {
    const answer = await state.api.send<TelephonySettingsView>('PUT', '/telephony/settings', body);
    settings.mutate(answer);
    return telephonyForm(answer);
  });
  const remove = async () => {
    try {
      await state.api.send('DELETE', '/telephony/settings');
      settings.mutate({ configured: false, provider: null, accountSid: null, authTokenSet: false, numbers: [], updatedAt: null });
      load(telephonyForm(null));
      setSaved(false);
    } catch (err) {
      refused(err);
    }
  };
  const hooks = () => webhookUrls(window.location.origin);
  return (
    <section class="page-section narrow">
      <h1>Telephony</h1>
      <p class="lead">
        The enterprise’s Twilio account, for conversations that leave the browser: an associate calls a shopper’s phone (Twilio rings the associate’s phone or SIP address first, then bridges the shopper in), texts a shopper a product
        or a link, and a shopper calls your number and keys in a code to reach their associate (dial-in). Only the owner and admins see this page: it holds the account’s auth token.
      </p>
      <Switch>
        <Match when={settings.problem()}>{(p) => <ErrorState problem={p()} retry={() => settings.refetch()} />}</Match>
        <Match when={view() === undefined}>
          <Loading what="the telephony settings" />
        </Match>
        <Match when={view()}>
          {(v) => (
            <>
              <Show
                when={v().configured}
                fallback={
                  <p class="notice">
                    Not set: associates cannot call or text shoppers, and nobody can dial in. {canChange() ? 'Set the account below.' : ''}
                  </p>
                }
              >
                <dl class="kv telephony-status" aria-label="The account as set">
                  <dt>Provider</dt>
                  <dd>Twilio</dd>
                  <dt>Account SID</dt>
                  <dd>
                    <code>{v().accountSid}</code>
                  </dd>
                  <dt>Auth token</dt>
                  <dd>
                    <span class="tag">Set</span> <span class="muted small">kept sealed, never shown</span>
                  </dd>
                  <dt>Calls and texts from</dt>
                  <dd>
                    <code>{v().numbers[0]}</code>
                    {v().numbers.length > 1 ? <span class="muted small"> and {v().numbers.length - 1} spare</span> : ''}
                  </dd>
                  <dt>Last changed</dt>
                  <dd>{when(v().updatedAt)}</dd>
                </dl>
              </Show>
              <form class="card inline-form telephony-form" onSubmit={save} novalidate aria-labelledby="account-title">
                <h2 id="account-title">{configured() ? 'Change the account' : 'The Twilio account'}</h2>
                <p class="muted small">Provider: Twilio. The account SID and auth token are on the Twilio console’s home page.</p>
                <Field
                  label="Account SID"
                  name="accountSid"
                  hint="AC followed by 32 letters and digits (0–9, a–f)."
                  required
                  autocomplete="off"
                  spellcheck={false}
                  disabled={!canChange()}
                  value={form().accountSid}
                  onInput={(e) => patch({ accountSid: e.currentTarget.value })}
                  error={errors().fields.accountSid}
                />
                <Field
                  label="Auth token"
                  name="authToken"
                  type="password"
                  autocomplete="new-password"
                  spellcheck={false}
                  hint={
                    v().authTokenSet
                      ? 'Set, and never shown again. Leave empty to keep it; type the new one after changing it in Twilio.'
                      : '32 letters and digits (0–9, a–f). Stored sealed and never shown again; Twilio’s requests to us are checked with it.'
                  }
                  required={!v().authTokenSet}
                  disabled={!canChange()}
                  value={form().authToken}
                  onInput={(e) => patch({ authToken: e.currentTarget.value })}
                  error={errors().fields.authToken}
                />
                <NumberList numbers={form().numbers} disabled={!canChange()} error={errors().fields.numbers} onChange={(numbers) => patch({ numbers })} />
                <FormMessage message={errors().form} />
                <Show when={canChange()} fallback={<p class="muted small">Your role reads this setting; an admin or owner changes it.</p>}>
                  <div class="actions">
                    <button type="submit" class="primary" disabled={busy()}>
                      {configured() ? 'Save' : 'Set the account'}
                    </button>
                    <Saved when={saved()} />
                    <Show when={configured()}>
                      <ConfirmButton label="Remove the settings" danger title="Remove the telephony settings?" confirm="Remove" onConfirm={remove}>
                        Associates can no longer call or text shoppers, your number stops taking dial-in calls, and Twilio’s requests about your calls and texts are refused. The auth token is forgotten: setting the account again
                        needs it.
                      </ConfirmButton>
                    </Show>
                  </div>
                </Show>
              </form>
              <section class="card" aria-labelledby="webhooks-title">
                <h2 id="webhooks-title">What to set in Twilio</h2>
                <p>For each number above (Twilio console → Phone Numbers → Active numbers → the number), set these webhooks, HTTP POST:</p>
                <dl class="webhooks">
                  <dt>A message comes in</dt>
                  <dd>
                    <code class="secret">{hooks().texts}</code>
                    <span class="muted small">Shoppers’ replies go to their engagement’s transcript; STOP and START turn texts off and on.</span>
                  </dd>
                  <dt>A call comes in</dt>
                  <dd>
                    <code class="secret">{hooks().calls}</code>
                    <span class="muted small">Dial-in: the caller keys in the code their associate’s page shows and is put through.</span>
                  </dd>
                </dl>
                <p class="muted small">
                  Twilio signs each request with the auth token (X-Twilio-Signature); the backend refuses any it cannot verify, so change the token here whenever it changes in Twilio. Calls and texts the associates start report back
                  on their own: nothing to set for them. The addresses are this console’s; if the backend’s public address (PUBLIC_URL) is another, use that one.
                </p>
              </section>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
