import { A } from '@solidjs/router';
import { createResource, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import { type DocumentKind, type MyApplication } from '../../../../shared/registration';
import { problemOf } from '../api.core';
import { ConfirmButton } from '../components/Confirm';
import { TextAreaField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading, Notice } from '../components/States';
import { DOCUMENT_NAMES, documentBody, documentRefusal, mayWithdraw, missingDocuments, reapplyText, STATUS_LABELS, stagesOf } from './join.core';
import { useJoin } from './session';
import { Shell } from './Shell';

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** /join/status: where the application stands, what to do next, documents, answers, withdrawal. */
export default function Status(): JSX.Element {
  const state = useJoin();
  const [app, { refetch, mutate }] = createResource(
    () => state.token(),
    () => state.api.get<MyApplication>('/applications/me'),
  );
  return (
    <Show
      when={state.token()}
      fallback={
        <Shell title="Your application">
          <Empty title="Sign in to see your application">
            <A href="/sign-in?next=status">Sign in</A> with the e-mail and password you applied with, or <A href="/">apply to join</A>.
          </Empty>
        </Shell>
      }
    >
      <Shell title="Your application">
        <Switch>
          <Match when={app.error && problemOf(app.error).status === 404}>
            {/* An associate an enterprise made (or one whose application is gone) has none to show. */}
            <Empty title="No application under this account">
              This account has not applied to the marketplace. <A href="/">Apply to join</A> with another e-mail address, or sign out.
            </Empty>
          </Match>
          <Match when={app.error}>
            <ErrorState problem={problemOf(app.error)} retry={() => void refetch()} />
          </Match>
          <Match when={app.loading && !app.latest}>
            <Loading what="your application" />
          </Match>
          <Match when={app.latest}>{(current) => <Standing app={current()} onChange={(next) => mutate(next)} />}</Match>
        </Switch>
      </Shell>
    </Show>
  );
}

function Standing(props: { app: MyApplication; onChange: (app: MyApplication) => void }): JSX.Element {
  const state = useJoin();
  const [resent, setResent] = createSignal<string | null>(null);
  const [resendError, setResendError] = createSignal<string | null>(null);
  const resend = async () => {
    setResendError(null);
    try {
      props.onChange(await state.api.send<MyApplication>('POST', '/applications/me/verification'));
      setResent('We sent you a new link: open it from the newest message.');
    } catch (err) {
      setResendError(problemOf(err).message);
    }
  };
  return (
    <>
      <p class="lead">
        <span class="tag">{STATUS_LABELS[props.app.status]}</span> Applied {when(props.app.createdAt)}.
      </p>
      <Show when={stagesOf(props.app).length > 0}>
      <ol class="stages" aria-label="Stages of your application">
        <For each={stagesOf(props.app)}>
          {(s) => (
            <li class={s.state} aria-current={s.state === 'current' ? 'step' : undefined}>
              {s.state === 'done' ? '✓ ' : ''}
              {s.label}
            </li>
          )}
        </For>
      </ol>
      </Show>
      <section class="card" aria-labelledby="next-title">
        <h2 id="next-title">{props.app.step === 'done' ? 'Where it ends' : 'What happens next'}</h2>
        <p>{props.app.next}</p>
        <Show when={props.app.check}>
          <p>
            <strong>Background check:</strong> {props.app.check}
          </p>
        </Show>
        <Show when={props.app.decisionReason}>
          <p>
            <strong>{props.app.status === 'more_info' ? 'Our question' : 'Our reason'}:</strong> {props.app.decisionReason}
          </p>
        </Show>
        <Show when={reapplyText(props.app, new Date(), when)}>
          {(again) => (
            <p class="reapply">
              <strong>{again().text}</strong> <Show when={again().now}><A href="/">Apply again</A></Show>
            </p>
          )}
        </Show>
        <Show when={props.app.step === 'verify_email'}>
          <div class="actions">
            <button type="button" onClick={() => void resend()}>
              Send me a new link
            </button>
          </div>
          <Notice message={resent()} />
          <Alert message={resendError()} />
        </Show>
      </section>
      <Show when={props.app.status === 'more_info'}>
        <Reply onChange={props.onChange} />
      </Show>
      <Show when={props.app.documents.required.length > 0 || props.app.documents.uploaded.length > 0}>
        <Documents app={props.app} onChange={props.onChange} />
      </Show>
      <Show when={props.app.status === 'approved'}>
        <section class="card" aria-labelledby="approved-title">
          <h2 id="approved-title">What comes next</h2>
          <ul>
            <li>Install the Floorwalker extension and sign in to its agent mode with this e-mail and password.</li>
            <li>Take the accreditation tests of the categories you sell, in agent mode's Tests tab: retailers see what you pass.</li>
            <li>Retailers of the marketplace may invite you to their shops; accept an invitation in agent mode to take their shoppers.</li>
          </ul>
        </section>
      </Show>
      <Show when={props.app.ruleOutcomes.length > 0}>
        <section class="card" aria-labelledby="rules-title">
          <h2 id="rules-title">The marketplace's rules</h2>
          <ul class="rules">
            <For each={props.app.ruleOutcomes}>
              {(r) => (
                <li>
                  <span class={r.passed ? 'tag' : 'tag warn'}>{r.passed ? 'Met' : 'Not met'}</span>
                  <span>{r.detail}</span>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <section class="card" aria-labelledby="events-title">
        <h2 id="events-title">What happened</h2>
        <ol class="events">
          <For each={[...props.app.events].reverse()}>
            {(e) => (
              <li>
                <time class="muted" datetime={e.at}>
                  {when(e.at)}
                </time>
                <span>{e.message}</span>
              </li>
            )}
          </For>
        </ol>
      </section>
      <Show when={mayWithdraw(props.app.status)}>
        <Withdraw onChange={props.onChange} />
      </Show>
    </>
  );
}

function Documents(props: { app: MyApplication; onChange: (app: MyApplication) => void }): JSX.Element {
  const state = useJoin();
  const missing = () => missingDocuments(props.app);
  const kinds = () => [...new Set<DocumentKind>([...missing(), ...props.app.documents.required])];
  const [kind, setKind] = createSignal<DocumentKind | ''>('');
  const [error, setError] = createSignal<string | null>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let input: HTMLInputElement | undefined;
  const chosenKind = () => kind() || missing()[0] || kinds()[0];
  // The server takes documents while the application waits for them (or for an answer): not during the check or the review.
  const open = () => (props.app.status === 'unverified' || props.app.status === 'more_info') && props.app.emailVerified;

  const upload = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    const file = input?.files?.[0];
    const k = chosenKind();
    if (!file || !k) return setError('Choose a file first.');
    const refusal = documentRefusal(file);
    if (refusal) return setError(refusal);
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      props.onChange(await state.api.send<MyApplication>('POST', '/applications/me/documents', documentBody(k, file, bytes)));
      setDone(`${DOCUMENT_NAMES[k]}: ${file.name} is in.`);
      if (input) input.value = '';
      setKind('');
    } catch (err) {
      // The server's words: too large (413), not a PDF/PNG/JPEG by its bytes (415), or the application does not take documents now.
      setError(problemOf(err).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="documents-title">
      <h2 id="documents-title">Documents</h2>
      <Show when={props.app.documents.required.length > 0}>
        <p>The marketplace needs: {props.app.documents.required.map((k) => DOCUMENT_NAMES[k]).join(', ')}. PDF, PNG or JPEG, at most 5 MB each.</p>
      </Show>
      <Show when={props.app.documents.uploaded.length > 0}>
        <ul class="documents">
          <For each={props.app.documents.uploaded}>
            {(d) => (
              <li>
                <span>
                  <strong>{DOCUMENT_NAMES[d.kind]}</strong> {d.fileName}
                </span>
                <span class="muted small">{when(d.uploadedAt)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={open()} fallback={<Show when={!props.app.emailVerified}><p class="muted">Confirm your e-mail address first; then you can send your documents here.</p></Show>}>
        <form class="upload" onSubmit={upload} novalidate>
          <div class="field-block">
            <label for="document-kind">Document</label>
            <select id="document-kind" name="kind" value={chosenKind()} onChange={(e) => setKind(e.currentTarget.value as DocumentKind)}>
              <For each={kinds()}>{(k) => <option value={k}>{DOCUMENT_NAMES[k]}</option>}</For>
            </select>
          </div>
          <div class="field-block">
            <label for="document-file">File</label>
            <input id="document-file" name="file" type="file" accept="application/pdf,image/png,image/jpeg" ref={input} />
          </div>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? 'Sending…' : 'Upload'}
          </button>
        </form>
        <Notice message={done()} />
        <Alert message={error()} />
      </Show>
    </section>
  );
}

function Reply(props: { onChange: (app: MyApplication) => void }): JSX.Element {
  const state = useJoin();
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal<string | undefined>();
  const [busy, setBusy] = createSignal(false);
  const send = async (e: SubmitEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      props.onChange(await state.api.send<MyApplication>('POST', '/applications/me/reply', { message: message().trim() }));
      setMessage('');
    } catch (err) {
      const p = problemOf(err);
      setError(p.fields.message ?? p.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card form" onSubmit={send} novalidate aria-labelledby="reply-title">
      <h2 id="reply-title">Your answer</h2>
      <TextAreaField label="Answer to our question" name="message" value={message()} onInput={setMessage} error={error()} />
      <button type="submit" class="primary" disabled={busy() || !message().trim()}>
        {busy() ? 'Sending…' : 'Send the answer'}
      </button>
    </form>
  );
}

function Withdraw(props: { onChange: (app: MyApplication) => void }): JSX.Element {
  const state = useJoin();
  const [error, setError] = createSignal<string | null>(null);
  return (
    <section class="card" aria-labelledby="withdraw-title">
      <h2 id="withdraw-title">Withdraw</h2>
      <p class="muted">Changed your mind? Withdrawing ends your application; you cannot take it back.</p>
      <ConfirmButton
        label="Withdraw my application"
        title="Withdraw your application?"
        confirm="Withdraw"
        danger
        onConfirm={async () => {
          setError(null);
          try {
            props.onChange(await state.api.send<MyApplication>('POST', '/applications/me/withdraw'));
          } catch (err) {
            setError(problemOf(err).message);
          }
        }}
      >
        Your application ends here and the documents you sent are deleted. To join later, apply again with the same e-mail address: a new application, with a new background check.
      </ConfirmButton>
      <Alert message={error()} />
    </section>
  );
}
