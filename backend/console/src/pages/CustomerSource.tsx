import { createEffect, createSignal, type JSX, Match, Show, Switch } from 'solid-js';
import type { CustomerSource as Source } from '../../../../shared/customers';
import { problemOf } from '../api.core';
import { ConfirmButton, ShownOnce } from '../components/Confirm';
import { useCheckedForm } from '../checked-form';
import { Field, FormMessage, Saved } from '../components/Field';
import { ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { mayChange } from '../nav.core';
import { checkSource, SOURCE_FIELDS, type SourceForm, sourceForm } from '../settings/customer-source.core';
import { useConsole } from '../state';

/** Settings → Customer source: the URL the backend asks, signed, for a customer's profile; its secret shown once. */
export default function CustomerSource(): JSX.Element {
  const state = useConsole();
  // No source yet is a 404: the page offers to set one, not an error.
  const source = useRead(() =>
    state.api.get<Source>('/customer-source').catch((err) => {
      if (problemOf(err).status === 404) return null;
      throw err;
    }),
  );
  const [secret, setSecret] = createSignal<string | null>(null);
  const { form, patch, load, errors, saved, setSaved, submit, refused } = useCheckedForm(sourceForm(null), checkSource, SOURCE_FIELDS);
  createEffect(() => {
    const s = source.data.latest;
    if (s !== undefined) load(sourceForm(s));
  });
  const canChange = () => mayChange(state.viewer(), 'PUT', '/customer-source');
  const save = submit(async (body) => {
    const answer = await state.api.send<Source>('PUT', '/customer-source', body);
    if (answer.secret) setSecret(answer.secret);
    const { secret: _shownOnce, ...kept } = answer;
    source.mutate(kept);
    return sourceForm(kept);
  });
  const remove = async () => {
    try {
      await state.api.send('DELETE', '/customer-source');
      source.mutate(null);
      load(sourceForm(null));
      setSaved(false);
    } catch (err) {
      refused(err);
    }
  };
  return (
    <section class="page-section narrow">
      <h1>Customer source</h1>
      <p class="lead">
        Where the backend asks for a signed-in customer’s profile (tier, lifetime value, tags, notes) so associates see who they help. It calls <code>GET</code> your URL with <code>?customerId=…</code>, signed with the
        source’s secret.
      </p>
      <Show when={secret()}>{(s) => <ShownOnce title="The signing secret" value={s()} note="Put it in the service behind the URL now: it is not shown again. It verifies each request’s X-Floorwalker-Signature." onDone={() => setSecret(null)} />}</Show>
      <Switch>
        <Match when={source.problem()}>{(p) => <ErrorState problem={p()} retry={() => source.refetch()} />}</Match>
        <Match when={source.data.latest === undefined}>
          <Loading what="the customer source" />
        </Match>
        <Match when={true}>
          <Show when={source.data.latest} fallback={<p class="notice">No customer source is set: associates see only what the shop pushes to the customers API. {canChange() ? 'Set one below.' : ''}</p>}>
            {(s) => <p class="muted small">Last changed {when(s().updatedAt)}. Its signing secret is kept hidden; make a new one below if it was lost.</p>}
          </Show>
          <form class="card inline-form" onSubmit={save} novalidate>
            <Field
              label="Lookup URL"
              name="lookupUrl"
              type="url"
              hint="https, reachable from the internet; no user name or password in it (requests are signed)."
              required
              disabled={!canChange()}
              value={form().lookupUrl}
              onInput={(e) => patch({ lookupUrl: e.currentTarget.value })}
              error={errors().fields.lookupUrl}
            />
            <Field
              label="Keep answers for (seconds)"
              name="ttlSeconds"
              type="number"
              min="1"
              max="86400"
              hint="1 to 86400: how long a profile is used before the URL is asked again."
              disabled={!canChange()}
              value={form().ttlSeconds}
              onInput={(e) => patch({ ttlSeconds: e.currentTarget.value })}
              error={errors().fields.ttlSeconds}
            />
            <Field
              label="Wait at most (milliseconds)"
              name="timeoutMs"
              type="number"
              min="50"
              max="2000"
              hint="50 to 2000: past it, detection carries on without the profile."
              disabled={!canChange()}
              value={form().timeoutMs}
              onInput={(e) => patch({ timeoutMs: e.currentTarget.value })}
              error={errors().fields.timeoutMs}
            />
            <Show when={canChange() && source.data.latest}>
              <label class="check">
                <input type="checkbox" name="rotateSecret" checked={form().rotateSecret} onChange={(e) => patch({ rotateSecret: e.currentTarget.checked })} />
                Make a new signing secret (the old one stops working at once)
              </label>
            </Show>
            <FormMessage message={errors().form} />
            <Show when={canChange()} fallback={<p class="muted small">Your role reads this setting; an admin or owner changes it.</p>}>
              <div class="actions">
                <button type="submit" class="primary">
                  {source.data.latest ? 'Save' : 'Set the customer source'}
                </button>
                <Saved when={saved()} />
                <Show when={source.data.latest}>
                  <ConfirmButton label="Remove" danger title="Remove the customer source?" confirm="Remove" onConfirm={remove}>
                    The backend stops asking for profiles, and forgets the answers it kept. Profiles the shop pushed stay.
                  </ConfirmButton>
                </Show>
              </div>
            </Show>
          </form>
        </Match>
      </Switch>
    </section>
  );
}
