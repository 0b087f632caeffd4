import { createEffect, createSignal, type JSX, Match, Show, Switch } from 'solid-js';
import type { LiveSettings as Settings } from '../../../../shared/live';
import { problemOf } from '../api.core';
import { Field, FormMessage } from '../components/Field';
import { ErrorState, Loading } from '../components/States';
import { useRead } from '../data';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { mayChange } from '../nav.core';
import { useConsole } from '../state';

/** Settings → Live settings: how long live chat transcripts are kept. */
export default function LiveSettings(): JSX.Element {
  const state = useConsole();
  const settings = useRead(() => state.api.get<Settings>('/live/settings'));
  const [days, setDays] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = createSignal(false);
  createEffect(() => {
    const s = settings.data.latest;
    if (s) setDays(String(s.transcriptRetentionDays));
  });
  const canChange = () => mayChange(state.viewer(), 'PUT', '/live/settings');
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setSaved(false);
    try {
      const next = await state.api.send<Settings>('PUT', '/live/settings', { transcriptRetentionDays: Number(days()) });
      settings.mutate(next);
      setSaved(true);
    } catch (err) {
      setErrors(formErrors(problemOf(err), ['transcriptRetentionDays']));
    }
  };
  return (
    <section class="page-section">
      <h1>Live settings</h1>
      <p class="lead">What happens to the live engagements between associates and shoppers.</p>
      <Switch>
        <Match when={settings.problem()}>{(p) => <ErrorState problem={p()} retry={() => settings.refetch()} />}</Match>
        <Match when={!settings.data.latest}>
          <Loading what="the settings" />
        </Match>
        <Match when={settings.data.latest}>
          <form class="card inline-form" onSubmit={save} novalidate>
            <Field
              label="Keep chat transcripts for (days)"
              name="transcriptRetentionDays"
              hint="Transcripts are deleted this many days after their engagement ends: 1 to 3650."
              type="number"
              min="1"
              max="3650"
              required
              disabled={!canChange()}
              value={days()}
              onInput={(e) => {
                setDays(e.currentTarget.value);
                setSaved(false);
              }}
              error={errors().fields.transcriptRetentionDays}
            />
            <FormMessage message={errors().form} />
            <Show when={canChange()} fallback={<p class="muted small">Your role reads these settings; an admin or owner changes them.</p>}>
              <div class="actions">
                <button type="submit" class="primary">
                  Save
                </button>
                <Show when={saved()}>
                  <span role="status" class="saved">
                    Saved
                  </span>
                </Show>
              </div>
            </Show>
          </form>
        </Match>
      </Switch>
    </section>
  );
}
