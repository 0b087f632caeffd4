import { A, useParams } from '@solidjs/router';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { ApplicationDetail } from '../../../../shared/registration';
import type { CheckView } from '../../../../shared/vetting';
import { problemOf } from '../api.core';
import { ConfirmDialog } from '../components/Confirm';
import { FormMessage, TextAreaField } from '../components/Field';
import { Alert, ErrorState, Loading, Notice } from '../components/States';
import { useFiles } from '../files';
import { day, useRead, when } from '../data';
import { type FormErrors, NO_ERRORS } from '../form.core';
import {
  ACTOR_LABELS,
  categoryText,
  checkFacts,
  confirmation,
  countryText,
  type Decision,
  DECISION_LABELS,
  decisionBody,
  decisionErrors,
  DOCUMENT_LABELS,
  eventKindText,
  eventMessageLabel,
  languageText,
  otherApplicationLabel,
  REASON_HINTS,
  reviewActions,
  RULE_LABELS,
  sizeText,
  STATUS_CLASS,
  STATUS_LABELS,
} from '../marketplace/vetting.core';
import { useConsole } from '../state';
import { CheckTag } from './MarketplaceApplications';

/** The decision: approve, reject or ask for more, with the reason the applicant reads; or, on a `consider` report, the adverse-action path. */
function DecisionPanel(props: { application: ApplicationDetail; onDecided: (notice: string) => void }): JSX.Element {
  const state = useConsole();
  const actions = () => reviewActions(props.application.status, props.application.check);
  const [decision, setDecision] = createSignal<Decision | null>(null);
  const [reason, setReason] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [asking, setAsking] = createSignal<'decision' | 'adverse' | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [adverseError, setAdverseError] = createSignal<string | null>(null);
  const name = () => props.application.displayName;
  const send = async () => {
    const checked = decisionBody({ decision: decision(), reason: reason() });
    if ('errors' in checked) {
      setAsking(null);
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    try {
      await state.api.send<ApplicationDetail>('POST', `/marketplace/applications/${props.application.id}/decision`, checked.body);
      setAsking(null);
      setReason('');
      setDecision(null);
      props.onDecided(
        checked.body.decision === 'approve' ? `${name()} is approved and was told your reason.` : checked.body.decision === 'reject' ? `${name()}’s application is rejected; they were told your reason.` : `${name()} was asked for more; the application waits for their answer.`,
      );
    } catch (err) {
      setAsking(null);
      setErrors(decisionErrors(problemOf(err)));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const checked = decisionBody({ decision: decision(), reason: reason() });
    if ('errors' in checked) {
      setErrors(checked.errors);
      if (checked.errors.fields.reason) queueMicrotask(() => document.querySelector<HTMLTextAreaElement>('textarea[name="reason"]')?.focus());
      return;
    }
    if (confirmation(checked.body.decision, name())) setAsking('decision');
    else void send();
  };
  const startAdverse = async () => {
    setBusy(true);
    setAdverseError(null);
    try {
      await state.api.send<CheckView>('POST', `/marketplace/applications/${props.application.id}/check/adverse-action`, {});
      setAsking(null);
      props.onDecided('The adverse-action path started: the pre-adverse notice went out with a copy of the report and a summary of the applicant’s rights.');
    } catch (err) {
      setAsking(null);
      setAdverseError(problemOf(err).message);
    } finally {
      setBusy(false);
    }
  };
  const ask = () => {
    const d = decision();
    return d ? confirmation(d, name()) : null;
  };
  const onOpenChange = (open: boolean) => {
    if (!open) setAsking(null);
  };
  return (
    <section class="card decision-panel" aria-labelledby="decision-title">
      <h2 id="decision-title">Decision</h2>
      <Show when={!actions().none} fallback={<p class="muted">{actions().none}</p>}>
        <Show when={actions().adverseAction}>
          <div class="notice warn-notice adverse">
            <p class="state-title">The check came back “consider”</p>
            <p>
              Turning the applicant away on a report goes through the adverse-action path, not a plain rejection. Starting it sends the applicant a <strong>pre-adverse notice</strong> with a copy of the report and a summary of their rights. A <strong>waiting period</strong> follows in which they
              may dispute the report with the check provider. When it ends, the <strong>final adverse-action notice</strong> goes out and the application is rejected, unless they disputed it. You may still approve instead if the report does not bear on the work.
            </p>
            <Alert message={adverseError()} />
            <div class="actions">
              <button type="button" class="danger" onClick={() => setAsking('adverse')}>
                Start the adverse-action path
              </button>
            </div>
          </div>
        </Show>
        <form class="form" onSubmit={submit} novalidate aria-label="Decide on the application">
          <fieldset class="decision-choices">
            <legend>What do you decide?</legend>
            <For each={actions().decisions}>
              {(d) => (
                <label class="check">
                  <input type="radio" name="decision" value={d} checked={decision() === d} onChange={() => setDecision(d)} />
                  {DECISION_LABELS[d]}
                </label>
              )}
            </For>
          </fieldset>
          <TextAreaField
            label="Reason (the applicant reads it)"
            name="reason"
            hint={decision() ? REASON_HINTS[decision()!] : 'Whatever you decide, the applicant is told this reason by e-mail and on their application’s page.'}
            value={reason()}
            onInput={setReason}
            error={errors().fields.reason}
          />
          <FormMessage message={errors().form} />
          <div class="actions">
            <button type="submit" class={decision() === 'reject' ? 'danger' : 'primary'} disabled={busy()}>
              {decision() ? `${DECISION_LABELS[decision()!]}…` : 'Decide'}
            </button>
          </div>
        </form>
      </Show>
      <ConfirmDialog open={asking() === 'decision'} onOpenChange={onOpenChange} title={ask()?.title ?? ''} confirm={ask()?.confirm ?? ''} danger={decision() === 'reject'} busy={busy()} onConfirm={() => void send()}>
        <p>{ask()?.body}</p>
        <p class="muted small">Your reason: “{reason().trim()}”</p>
      </ConfirmDialog>
      <ConfirmDialog open={asking() === 'adverse'} onOpenChange={onOpenChange} title={`Start the adverse-action path for ${name()}?`} confirm="Send the pre-adverse notice" danger busy={busy()} onConfirm={() => void startAdverse()}>
        <p>The check provider sends {name()} the pre-adverse notice now, with a copy of the report and a summary of their rights. The waiting period starts: they may dispute the report with the provider meanwhile.</p>
        <p>When it ends, the final adverse-action notice goes out and the application is rejected, unless they disputed it. This cannot be called back.</p>
      </ConfirmDialog>
    </section>
  );
}

/** One application as the operator reviews it: the answers, the joining rules, the check's state (never a report's contents), the history, the documents, and the decision. */
export default function MarketplaceApplication(): JSX.Element {
  const state = useConsole();
  const params = useParams();
  const files = useFiles();
  const application = useRead((id: string) => state.api.get<ApplicationDetail>(`/marketplace/applications/${id}`), () => params.id);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [downloadError, setDownloadError] = createSignal<string | null>(null);
  const download = async (a: ApplicationDetail, doc: ApplicationDetail['documents'][number]) => {
    setDownloadError(null);
    try {
      await files.download(`/marketplace/applications/${a.id}/documents/${doc.id}`, doc.fileName);
    } catch (err) {
      setDownloadError(problemOf(err).message);
    }
  };
  return (
    <section class="page-section wide">
      <p>
        <A href="/marketplace/applications">← Applications</A>
      </p>
      <Switch>
        <Match when={application.problem()}>{(p) => <ErrorState problem={p()} retry={() => application.refetch()} />}</Match>
        <Match when={!application.data.latest}>
          <Loading what="the application" />
        </Match>
        <Match when={application.data.latest}>
          {(a) => (
            <>
              <h1>
                {a().displayName} <span class={`tag ${STATUS_CLASS[a().status]}`}>{STATUS_LABELS[a().status]}</span>
              </h1>
              <p class="lead">
                Applied {when(a().createdAt)}
                {a().previousApplicationId ? ' again (their earlier applications are below the history)' : ''}; last moved {when(a().updatedAt)}. Check: <CheckTag check={a().check} />
              </p>
              <Notice message={notice()} class="saved" />
              <div class="split">
                <div class="column">
                <section class="card" aria-labelledby="answers-title">
                  <h2 id="answers-title">Answers</h2>
                  <dl class="kv">
                    <dt>Legal name</dt>
                    <dd>
                      {a().givenName} {a().familyName}
                    </dd>
                    <dt>E-mail</dt>
                    <dd>
                      {a().email} <span class="muted small">{a().emailVerifiedAt ? `confirmed ${when(a().emailVerifiedAt)}` : 'not confirmed'}</span>
                    </dd>
                    <dt>Country</dt>
                    <dd>{countryText(a().country)}</dd>
                    <dt>Time zone</dt>
                    <dd>{a().timezone}</dd>
                    <dt>Languages</dt>
                    <dd>{a().languages.map(languageText).join(', ')}</dd>
                    <dt>Birth date</dt>
                    <dd>{a().birthDate ?? <span class="muted">cleared with the decision</span>}</dd>
                    <dt>Categories</dt>
                    <dd>
                      <span class="chips">
                        <For each={a().categories}>{(path) => <span class="chip">{categoryText(path)}</span>}</For>
                      </span>
                    </dd>
                    <dt>Hours a week</dt>
                    <dd>{a().weeklyHours}</dd>
                    <dt>Consent to the checks</dt>
                    <dd>
                      {when(a().consent.at)} <span class="muted small">(disclosure of {a().consent.version})</span>
                    </dd>
                  </dl>
                  <h3>Experience</h3>
                  <p class="experience">{a().experience}</p>
                </section>
                  <section class="card" aria-labelledby="documents-title">
                    <h2 id="documents-title">Documents</h2>
                    <Alert message={downloadError()} />
                    <Show
                      when={a().documents.length}
                      fallback={<p class="muted">{a().requiredDocuments.length ? `None uploaded${a().decision.at ? ' (deleted with the decision)' : ''}.` : 'The joining rules ask for none.'}</p>}
                    >
                      <ul class="documents">
                        <For each={a().documents}>
                          {(doc) => (
                            <li>
                              <button type="button" class="link" onClick={() => void download(a(), doc)}>
                                {doc.fileName}
                              </button>{' '}
                              <span class="muted small">
                                {DOCUMENT_LABELS[doc.kind]} · {sizeText(doc.size)} · {day(doc.uploadedAt)}
                              </span>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </section>
                </div>
                <div class="column">
                  <section class="card" aria-labelledby="rules-title">
                    <h2 id="rules-title">Joining rules</h2>
                    <Show when={a().ruleOutcomes.length} fallback={<p class="muted">Not applied yet: the rules apply once the e-mail address is confirmed.</p>}>
                      <ul class="rule-outcomes">
                        <For each={a().ruleOutcomes}>
                          {(r) => (
                            <li classList={{ failed: !r.passed }}>
                              <span class={`tag ${r.passed ? '' : 'inactive'}`}>{r.passed ? 'Passed' : 'Failed'}</span> <span class="strong">{RULE_LABELS[r.rule]}</span>
                              <span class="muted small rule-detail">{r.detail}</span>
                            </li>
                          )}
                        </For>
                      </ul>
                    </Show>
                  </section>
                  <section class="card" aria-labelledby="check-title">
                    <h2 id="check-title">Background check</h2>
                    <Show when={a().check} fallback={<p class="muted">Not started: it starts once the joining rules pass.</p>}>
                      {(c) => (
                        <>
                          <dl class="kv">
                            <For each={checkFacts(c(), when)}>
                              {([label, value]) => (
                                <>
                                  <dt>{label}</dt>
                                  <dd>{value}</dd>
                                </>
                              )}
                            </For>
                          </dl>
                          <p class="muted small">The report itself stays with the check provider: read it in their dashboard. Only its state and dates are kept here.</p>
                        </>
                      )}
                    </Show>
                  </section>
                </div>
              </div>
              <Show when={a().decision.reason}>
                <section class="card" aria-labelledby="last-decision-title">
                  <h2 id="last-decision-title">Last reason given to the applicant</h2>
                  <p>“{a().decision.reason}”</p>
                  <p class="muted small">{a().decision.at ? `${when(a().decision.at)}, ${a().decision.by ? 'by an operator' : 'by the rules or the check'}` : ''}</p>
                </section>
              </Show>
              <DecisionPanel
                application={a()}
                onDecided={(text) => {
                  setNotice(text);
                  void application.refetch();
                }}
              />
              <section class="card" aria-labelledby="events-title">
                <h2 id="events-title">History</h2>
                <ol class="timeline application-events">
                  <For each={[...a().events].reverse()}>
                    {(e) => (
                      <li>
                        <time datetime={e.at}>{when(e.at)}</time>
                        <span class="strong">{eventKindText(e.kind)}</span> <span class="muted small">by {ACTOR_LABELS[e.actor].toLowerCase()}</span> <span class={`tag ${STATUS_CLASS[e.status]}`}>{STATUS_LABELS[e.status]}</span>
                        <Show when={e.message} fallback={<p class="muted small told">The applicant was not told.</p>}>
                          <p class="small told">
                            <span class="muted">{eventMessageLabel(e.actor, e.kind)}</span> “{e.message}”
                          </p>
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
              </section>
              <Show when={a().otherApplications.length}>
                <section class="card" aria-labelledby="others-title">
                  <h2 id="others-title">The person’s other applications</h2>
                  <ul class="other-applications">
                    <For each={a().otherApplications}>
                      {(o) => (
                        <li>
                          <A href={`/marketplace/applications/${o.id}`}>{otherApplicationLabel(o, a())}</A> <span class={`tag ${STATUS_CLASS[o.status]}`}>{STATUS_LABELS[o.status]}</span>{' '}
                          <span class="muted small">
                            applied {when(o.createdAt)}, last moved {when(o.updatedAt)}
                          </span>
                          <Show when={o.decisionReason}>
                            <p class="small told">“{o.decisionReason}”</p>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                </section>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
