import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import { type JoinSettings, MAX_REAPPLY_AFTER_DAYS } from '../../../../shared/registration';
import { problemOf } from '../api.core';
import { Field, FormMessage } from '../components/Field';
import { ErrorState, Loading, Notice } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, NO_ERRORS } from '../form.core';
import {
  addCodes,
  COUNTRY_CODE,
  countryText,
  DOCUMENT_KINDS,
  DOCUMENT_LABELS,
  JOIN_FIELDS,
  type JoinForm,
  joinBody,
  joinErrors,
  joinFormOf,
  LANGUAGE_CODE,
  languageText,
} from '../marketplace/vetting.core';
import { useConsole } from '../state';

/**
 * A list of codes typed as tags: type one or several (comma or space between) and press Enter or
 * Add; each tag has its own remove button. What is not a code stays in the input with why.
 */
function CodeTags(props: {
  label: string;
  name: string;
  hint: string;
  codes: string[];
  valid: RegExp;
  normal: (code: string) => string;
  describe: (code: string) => string;
  notACode: string;
  error?: string | undefined;
  onChange: (codes: string[]) => void;
}): JSX.Element {
  const [draft, setDraft] = createSignal('');
  const [own, setOwn] = createSignal<string | null>(null);
  const id = `${props.name}-input`;
  const add = () => {
    const { list, rejected } = addCodes(props.codes, draft(), props.valid, props.normal);
    props.onChange(list);
    setDraft(rejected.join(' '));
    setOwn(rejected.length ? `${rejected.join(', ')}: ${props.notACode}` : null);
  };
  const error = () => own() ?? props.error;
  return (
    <div class="field-block" classList={{ invalid: !!error() }}>
      <label for={id}>{props.label}</label>
      <span id={`${id}-hint`} class="hint">
        {props.hint}
      </span>
      <ul class="code-tags" aria-label={`${props.label}: chosen`}>
        <For each={props.codes} fallback={<li class="muted small">None: every one is taken.</li>}>
          {(code) => (
            <li class="chip code-tag">
              {props.describe(code)}
              <button type="button" class="link remove" aria-label={`Remove ${props.describe(code)}`} onClick={() => props.onChange(props.codes.filter((c) => c !== code))}>
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
      <div class="code-input">
        <input
          id={id}
          name={props.name}
          value={draft()}
          aria-invalid={error() ? 'true' : undefined}
          aria-describedby={[`${id}-hint`, error() ? `${id}-error` : ''].filter(Boolean).join(' ')}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" class="small-button" onClick={add}>
          Add
        </button>
      </div>
      <Show when={error()}>
        <span id={`${id}-error`} class="field-error">
          {error()}
        </span>
      </Show>
    </div>
  );
}

/** The form once the rules are read: edited, checked with the shared contract as typed, saved. */
function RulesForm(props: { settings: JoinSettings; onSaved: (s: JoinSettings) => void }): JSX.Element {
  const state = useConsole();
  const [form, setForm] = createSignal<JoinForm>(joinFormOf(props.settings.rules));
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const set = (patch: Partial<JoinForm>) => {
    setSaved(null);
    setForm((f) => ({ ...f, ...patch }));
    // Checked as typed: a field's words go once it is right again.
    const checked = joinBody({ ...form() });
    setErrors('errors' in checked ? { form: null, fields: Object.fromEntries(Object.entries(checked.errors.fields).filter(([k]) => errors().fields[k] || k in patch)) } : NO_ERRORS);
  };
  const fail = (found: FormErrors) => {
    setErrors(found);
    // The keyboard goes to the first field at fault (a tag list's input, a checkbox of the documents).
    const first = JOIN_FIELDS.find((f) => found.fields[f]);
    if (first) queueMicrotask(() => document.querySelector<HTMLElement>(`[name="${first}"]`)?.focus());
  };
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setSaved(null);
    const checked = joinBody(form());
    if ('errors' in checked) return fail(checked.errors);
    setBusy(true);
    try {
      const answer = await state.api.send<JoinSettings>('PUT', '/marketplace/join-settings', checked.body);
      setErrors(NO_ERRORS);
      setForm(joinFormOf(answer.rules));
      setSaved('Saved. Applications are measured against these rules from now on; those already decided are not looked at again.');
      props.onSaved(answer);
    } catch (err) {
      fail(joinErrors(problemOf(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form join-form" onSubmit={save} novalidate aria-labelledby="rules-title">
      <h2 id="rules-title">Rules of acceptability</h2>
      <p class="muted small">
        {props.settings.updatedAt ? `Last set ${when(props.settings.updatedAt)}.` : 'The defaults: never set.'} An application that fails a rule it cannot change (the country, the age) is declined at once, with the rule named; the rest goes on to the background check and
        your review. A person whose application ended may apply again: a new application, with a new check, the ended one kept.
      </p>
      <CodeTags
        label="Countries served"
        name="countries"
        hint="ISO 3166-1 codes, e.g. FR DE ES. None: applications are taken from every country."
        codes={form().countries}
        valid={COUNTRY_CODE}
        normal={(c) => c.toUpperCase()}
        describe={countryText}
        notACode="not a two-letter country code (e.g. FR)."
        error={errors().fields.countries}
        onChange={(countries) => set({ countries })}
      />
      <Field
        label="Minimum age"
        name="minimumAge"
        inputmode="numeric"
        hint="In years, 16 to 99, on the day the rules apply."
        value={form().minimumAge}
        onInput={(e) => set({ minimumAge: e.currentTarget.value })}
        error={errors().fields.minimumAge}
      />
      <fieldset class="days" classList={{ invalid: !!errors().fields.requiredDocuments }} aria-describedby={errors().fields.requiredDocuments ? 'documents-error' : undefined}>
        <legend>Required documents</legend>
        <For each={DOCUMENT_KINDS}>
          {(kind) => (
            <label class="check">
              <input
                type="checkbox"
                name="requiredDocuments"
                value={kind}
                checked={form().requiredDocuments.includes(kind)}
                onChange={(e) => set({ requiredDocuments: e.currentTarget.checked ? [...form().requiredDocuments, kind] : form().requiredDocuments.filter((k) => k !== kind) })}
              />
              {DOCUMENT_LABELS[kind]}
            </label>
          )}
        </For>
        <Show when={errors().fields.requiredDocuments}>
          <span id="documents-error" class="field-error">
            {errors().fields.requiredDocuments}
          </span>
        </Show>
      </fieldset>
      <CodeTags
        label="Languages"
        name="languages"
        hint="The applicant must speak at least one of these: language codes, e.g. en fr. None: any language."
        codes={form().languages}
        valid={LANGUAGE_CODE}
        normal={(c) => c.toLowerCase()}
        describe={languageText}
        notACode="not a language code (e.g. en)."
        error={errors().fields.languages}
        onChange={(languages) => set({ languages })}
      />
      <Field
        label="Check package"
        name="checkPackage"
        hint="The check provider’s package the invitation asks for, e.g. tasker_standard (lower case, digits, underscores)."
        value={form().checkPackage}
        onInput={(e) => set({ checkPackage: e.currentTarget.value })}
        error={errors().fields.checkPackage}
      />
      <Field
        label="Days before a rejected person may apply again"
        name="reapplyAfterDays"
        inputmode="numeric"
        hint={`0 (at once) to ${MAX_REAPPLY_AFTER_DAYS}, counted from the rejection (yours, or the adverse-action path's end). Someone who withdrew, or whom the rules declined, may apply again at once.`}
        value={form().reapplyAfterDays}
        onInput={(e) => set({ reapplyAfterDays: e.currentTarget.value })}
        error={errors().fields.reapplyAfterDays}
      />
      <FormMessage message={errors().form} />
      <Notice message={saved()} class="saved" />
      <button type="submit" class="primary" disabled={busy()}>
        Save the rules
      </button>
    </form>
  );
}

/** Joining rules: what an application must meet to go on to the check (countries, age, documents, languages) and the check's package. */
export default function MarketplaceJoinSettings(): JSX.Element {
  const state = useConsole();
  const settings = useRead(() => state.api.get<JoinSettings>('/marketplace/join-settings'));
  return (
    <section class="page-section">
      <h1>Joining rules</h1>
      <p class="lead">What the marketplace asks of people who apply to sell on it as independent associates. The rules answer at once what they can; the background check and your review decide the rest.</p>
      <Switch>
        <Match when={settings.problem()}>{(p) => <ErrorState problem={p()} retry={() => settings.refetch()} />}</Match>
        <Match when={!settings.data.latest}>
          <Loading what="the joining rules" />
        </Match>
        <Match when={settings.data.latest}>{(s) => <RulesForm settings={s()} onSaved={(next) => settings.mutate(next)} />}</Match>
      </Switch>
    </section>
  );
}
