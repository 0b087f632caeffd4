import { A } from '@solidjs/router';
import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import { PASSWORD_RULES } from '../../../../shared/associates';
import { CHECKS_DISCLOSURE, type Registered } from '../../../../shared/registration';
import { problemOf } from '../api.core';
import { Field, FormMessage, SelectField, TextAreaField } from '../components/Field';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { countryOptions, emptyForm, formProblems, JOIN_FIELDS, type JoinForm, type JoinStep, registrationBody, timeZoneOptions } from './join.core';
import { useJoin } from './session';
import { Shell } from './Shell';

const browserZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

const zones = (): string[] => {
  try {
    return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
};

const regionNames = (() => {
  try {
    const names = new Intl.DisplayNames([navigator.language || 'en'], { type: 'region' });
    return (code: string) => names.of(code);
  } catch {
    return () => undefined;
  }
})();

function focusFirst(fields: Record<string, string>): void {
  const name = JOIN_FIELDS.find((f) => fields[f]);
  if (name) queueMicrotask(() => document.querySelector<HTMLElement>(`[name="${name}"]`)?.focus());
}

/** /join/: what joining means, the application, the disclosure on its own, then "check your e-mail". */
export default function Apply(): JSX.Element {
  const state = useJoin();
  const [step, setStep] = createSignal<JoinStep>('form');
  const [form, setForm] = createSignal<JoinForm>(emptyForm(browserZone()));
  const [touched, setTouched] = createSignal<Set<string> | 'all'>(new Set<string>());
  const [server, setServer] = createSignal<FormErrors>(NO_ERRORS);
  const [authorized, setAuthorized] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const [sent, setSent] = createSignal<string | null>(null);
  const countries: [string, string][] = [['', 'Choose your country'], ...countryOptions(regionNames)];
  const zoneList = timeZoneOptions(zones(), browserZone()).map((z): [string, string] => [z, z.replaceAll('_', ' ')]);

  // As typed: the shared contract's words on each field the person has been to; the server's words stay until that field changes.
  const typed = createMemo(() => formProblems(form(), touched()));
  const errorOf = (field: keyof JoinForm) => server().fields[field] ?? typed()[field];
  const set = (field: keyof JoinForm) => (value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setServer((s) => ({ form: s.form, fields: Object.fromEntries(Object.entries(s.fields).filter(([k]) => k !== field)) }));
  };
  const leave = (field: string) => () =>
    setTouched((t) => {
      if (t === 'all') return t;
      const next = new Set(t);
      next.add(field);
      return next;
    });

  const toDisclosure = (e: SubmitEvent) => {
    e.preventDefault();
    setTouched('all');
    const problems = formProblems(form());
    if (Object.keys(problems).length) return focusFirst(problems);
    setStep('disclosure');
    window.scrollTo(0, 0);
    queueMicrotask(() => document.getElementById('main')?.focus());
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!authorized()) return;
    setBusy(true);
    try {
      const answer = await state.api.send<Registered>('POST', '/applications', registrationBody(form()));
      setSent(answer.message);
      setStep('sent');
      setForm((f) => ({ ...f, password: '' }));
    } catch (err) {
      const errors = formErrors(problemOf(err), [...JOIN_FIELDS, 'consent']);
      setServer(errors);
      // What the form's fields show is back on the form; a consent problem stays here.
      if (Object.keys(errors.fields).some((f) => f !== 'consent')) {
        setStep('form');
        focusFirst(errors.fields);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Switch>
      <Match when={step() === 'form'}>
        <Shell title="Sell on the Floorwalker marketplace">
          <p class="lead">Help shoppers on retailers' sites, live, as an independent associate: on your own hours, from where you are, paid commission on what you sell.</p>
          <div class="join-facts">
            <section class="card">
              <h2>Independent</h2>
              <p>You are not an employee of the marketplace or of a retailer. You choose your hours and the categories you know.</p>
            </section>
            <section class="card">
              <h2>Vetted</h2>
              <p>We check your identity and, with your authorization, run a background check through Checkr before we approve you.</p>
            </section>
            <section class="card">
              <h2>Tested</h2>
              <p>Once approved, you pass short accreditation tests in the categories you sell, so retailers can trust what you know.</p>
            </section>
            <section class="card">
              <h2>Paid commission</h2>
              <p>Retailers invite you to their shops; you earn their commission on the sales you help make.</p>
            </section>
          </div>
          <Show when={state.token()}>
            <p class="notice">
              You are signed in. <A href="/status">See where your application stands</A>.
            </p>
          </Show>
          <form class="card form" onSubmit={toDisclosure} novalidate aria-labelledby="apply-title">
            <h2 id="apply-title">Apply</h2>
            <p class="muted">Every field is needed. Next comes the authorization for the background check, on a page of its own.</p>
            <Field label="E-mail" name="email" type="email" autocomplete="email" required value={form().email} onInput={(e) => set('email')(e.currentTarget.value)} onBlur={leave('email')} error={errorOf('email')} />
            <Field label="Password" name="password" type="password" autocomplete="new-password" required hint={PASSWORD_RULES} value={form().password} onInput={(e) => set('password')(e.currentTarget.value)} onBlur={leave('password')} error={errorOf('password')} />
            <Field label="Display name" name="displayName" hint="What shoppers and retailers see, e.g. your first name." autocomplete="nickname" required value={form().displayName} onInput={(e) => set('displayName')(e.currentTarget.value)} onBlur={leave('displayName')} error={errorOf('displayName')} />
            <div class="field-row">
              <Field label="Legal given name" name="givenName" autocomplete="given-name" required value={form().givenName} onInput={(e) => set('givenName')(e.currentTarget.value)} onBlur={leave('givenName')} error={errorOf('givenName')} />
              <Field label="Legal family name" name="familyName" autocomplete="family-name" required value={form().familyName} onInput={(e) => set('familyName')(e.currentTarget.value)} onBlur={leave('familyName')} error={errorOf('familyName')} />
            </div>
            <div class="field-row">
              <SelectField label="Country" name="country" value={form().country} options={countries} onChange={(v) => { set('country')(v); leave('country')(); }} error={errorOf('country')} />
              <SelectField label="Time zone" name="timezone" value={form().timezone} options={zoneList} onChange={(v) => { set('timezone')(v); leave('timezone')(); }} error={errorOf('timezone')} />
            </div>
            <div class="field-row">
              <Field label="Languages" name="languages" hint='Language codes, separated by commas: "en, fr".' required value={form().languages} onInput={(e) => set('languages')(e.currentTarget.value)} onBlur={leave('languages')} error={errorOf('languages')} />
              <Field label="Birth date" name="birthDate" type="date" autocomplete="bday" required value={form().birthDate} onInput={(e) => set('birthDate')(e.currentTarget.value)} onBlur={leave('birthDate')} error={errorOf('birthDate')} />
            </div>
            <TextAreaField label="Categories you want to sell" name="categories" hint='One a line, its levels separated by ">": "Audio > Headphones".' value={form().categories} onInput={(v) => { set('categories')(v); leave('categories')(); }} error={errorOf('categories')} />
            <TextAreaField label="Experience" name="experience" hint="Where you sold or advised before, and what you know well." value={form().experience} onInput={(v) => { set('experience')(v); leave('experience')(); }} error={errorOf('experience')} />
            <Field label="Hours a week" name="weeklyHours" type="number" inputmode="numeric" min="1" max="80" step="1" hint="About how many hours a week you can work (1 to 80)." required value={form().weeklyHours} onInput={(e) => set('weeklyHours')(e.currentTarget.value)} onBlur={leave('weeklyHours')} error={errorOf('weeklyHours')} />
            <FormMessage message={server().form} />
            <div class="actions">
              <button type="submit" class="primary">
                Continue
              </button>
              <span class="muted">
                Applied already? <A href="/sign-in">Sign in</A>. Applying again after your application ended? Fill this in with the same e-mail address; your password stays the one you have.
              </span>
            </div>
          </form>
        </Shell>
      </Match>
      <Match when={step() === 'disclosure'}>
        <Shell title={CHECKS_DISCLOSURE.title}>
          <form class="card form disclosure-card" onSubmit={submit} novalidate>
            <div class="disclosure-text">
              <For each={CHECKS_DISCLOSURE.text.split('\n\n')}>{(p) => <p>{p}</p>}</For>
            </div>
            <label class="consent">
              <input type="checkbox" name="authorized" checked={authorized()} onChange={(e) => setAuthorized(e.currentTarget.checked)} />
              <span>I have read this disclosure and I authorize the Floorwalker marketplace to obtain consumer reports about me.</span>
            </label>
            <Show when={server().fields.consent}>
              <p class="alert" role="alert">
                {server().fields.consent}
              </p>
            </Show>
            <FormMessage message={server().form} />
            <div class="actions">
              <button type="submit" class="primary" disabled={!authorized() || busy()}>
                {busy() ? 'Sending…' : 'Authorize and apply'}
              </button>
              <button type="button" class="secondary" onClick={() => setStep('form')}>
                Back to the form
              </button>
            </div>
            <p class="muted small">Version {CHECKS_DISCLOSURE.version}.</p>
          </form>
        </Shell>
      </Match>
      <Match when={step() === 'sent'}>
        <Shell title="Check your e-mail">
          <div class="card" role="status">
            <p>{sent()}</p>
            <p>
              Sent to <strong>{form().email.trim().toLowerCase()}</strong>.
            </p>
            <p class="muted">Nothing came? Look in your spam folder. The link works once and for a limited time; once signed in you can ask for a new one.</p>
            <div class="actions">
              <A href="/sign-in" class="button">
                Sign in
              </A>
            </div>
          </div>
        </Shell>
      </Match>
    </Switch>
  );
}
