import { Dialog } from '@kobalte/core/dialog';
import { Tabs } from '@kobalte/core/tabs';
import { A, useParams } from '@solidjs/router';
import { createSignal, For, Index, type JSX, Match, Show, Switch } from 'solid-js';
import type { ItemAnalysis, QuestionBankDetail, QuestionRemoved, QuestionView } from '../../../../shared/accreditation-tests';
import { problemOf } from '../api.core';
import { ConfirmButton, DialogActions, DialogFrame } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage, SelectField, TextAreaField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading, Notice } from '../components/States';
import { useRead } from '../data';
import { formErrors, NO_ERRORS, type FormErrors } from '../form.core';
import { useConsole } from '../state';
import { mayChangeBanks } from './access';
import { BankFields } from './BankFields';
import {
  type AnalysisRow,
  addChoice,
  analysisRows,
  analysisSummary,
  BANK_ALIASES,
  BANK_FIELDS,
  type BankForm,
  type BankPlace,
  bankBody,
  bankForm,
  bankProblems,
  categoryText,
  MAX_CHOICES,
  MIN_CHOICES,
  markChoice,
  newQuestion,
  publishShortfall,
  type QuestionForm,
  questionBody,
  questionForm,
  questionProblems,
  questionState,
  removeChoice,
  setKind,
  timeLimitText,
} from './banks.core';

const KIND_OPTIONS = [
  ['single', 'Single choice: exactly one right'],
  ['multiple', 'Multiple choice: one or more right'],
] as const;

/** The first field at fault in the question form, in its order: the prompt, then each choice's text and explanation. */
function focusQuestionFault(problems: Record<string, string>, count: number): void {
  const order = ['prompt', ...Array.from({ length: count }, (_, i) => [`choices.${i}.text`, `choices.${i}.explanation`]).flat()];
  const name = order.find((n) => problems[n]);
  queueMicrotask(() => (name ? document.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) : document.querySelector<HTMLElement>('.choices-error'))?.focus());
}

/** Writes or rewrites a question: kind, prompt, 2–8 choices each with its text, right or not, and explanation; checked as typed after the first try. */
function QuestionDialog(props: { place: BankPlace; bankId: string; editing: QuestionView | null; open: boolean; onOpenChange: (open: boolean) => void; onSaved: (message: string) => void }): JSX.Element {
  const state = useConsole();
  const [form, setForm] = createSignal<QuestionForm>(newQuestion());
  const [tried, setTried] = createSignal(false);
  const [server, setServer] = createSignal<FormErrors>(NO_ERRORS);
  const reset = () => {
    setForm(props.editing ? questionForm(props.editing) : newQuestion());
    setTried(false);
    setServer(NO_ERRORS);
  };
  const problems = (): Record<string, string> => ({ ...server().fields, ...(tried() ? questionProblems(form()) : {}) });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setTried(true);
    setServer(NO_ERRORS);
    const local = questionProblems(form());
    if (Object.keys(local).length > 0) return focusQuestionFault(local, form().choices.length);
    try {
      const path = `${props.place.api}/${props.bankId}/questions`;
      if (props.editing) await state.api.send('PUT', `${path}/${props.editing.id}`, questionBody(form()));
      else await state.api.send('POST', path, questionBody(form()));
      props.onOpenChange(false);
      props.onSaved(props.editing ? 'The question is rewritten.' : 'The question is added.');
    } catch (err) {
      const problem = problemOf(err);
      // Keyed by the server's paths, as the form's names are: each message lands on its input.
      const names = ['kind', 'prompt', 'choices', ...form().choices.flatMap((_, i) => [`choices.${i}.text`, `choices.${i}.explanation`])];
      const next = formErrors(problem, names);
      setServer(next);
      focusQuestionFault(next.fields, form().choices.length);
    }
  };
  const update = (next: QuestionForm) => setForm(next);
  const setChoice = (i: number, part: 'text' | 'explanation', value: string) => update({ ...form(), choices: form().choices.map((c, j) => (j === i ? { ...c, [part]: value } : c)) });
  return (
    <Dialog
      open={props.open}
      onOpenChange={(o) => {
        if (o) reset();
        props.onOpenChange(o);
      }}
    >
      <DialogFrame wide title={props.editing ? 'Rewrite the question' : 'Add a question'} description="Each choice says why it is right or wrong: the test taker reads it once the attempt is graded, never before.">
        <form onSubmit={submit} novalidate class="form question-form" ref={() => reset()}>
          <SelectField label="Kind" name="kind" value={form().kind} options={KIND_OPTIONS} onChange={(v) => update(setKind(form(), v as QuestionForm['kind']))} error={problems().kind} />
          <TextAreaField label="Question" name="prompt" value={form().prompt} onInput={(v) => update({ ...form(), prompt: v })} error={problems().prompt} />
          <Show when={problems().choices}>
            <p class="field-error choices-error" tabindex="-1" role="alert">
              {problems().choices}
            </p>
          </Show>
          <Index each={form().choices}>
            {(choice, i) => (
              <fieldset class="choice-editor" classList={{ right: choice().correct }}>
                <legend>Choice {i + 1}</legend>
                <Field label="Text" name={`choices.${i}.text`} value={choice().text} onInput={(e) => setChoice(i, 'text', e.currentTarget.value)} error={problems()[`choices.${i}.text`]} />
                <label class="check">
                  <input
                    type={form().kind === 'single' ? 'radio' : 'checkbox'}
                    name={form().kind === 'single' ? 'right-choice' : `choices.${i}.correct`}
                    checked={choice().correct}
                    onChange={(e) => update(markChoice(form(), i, e.currentTarget.checked))}
                  />
                  Right answer
                </label>
                <TextAreaField label="Explanation" name={`choices.${i}.explanation`} value={choice().explanation} onInput={(v) => setChoice(i, 'explanation', v)} error={problems()[`choices.${i}.explanation`]} />
                <Show when={form().choices.length > MIN_CHOICES}>
                  <button type="button" class="small-button danger" onClick={() => update(removeChoice(form(), i))}>
                    Remove choice {i + 1}
                  </button>
                </Show>
              </fieldset>
            )}
          </Index>
          <Show when={form().choices.length < MAX_CHOICES}>
            <button type="button" class="secondary" onClick={() => update(addChoice(form()))}>
              Add a choice
            </button>
          </Show>
          <FormMessage message={server().form} />
          <DialogActions submit={props.editing ? 'Save the question' : 'Add the question'} />
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** One question as its author reads it: the choices, the right ones marked, each with its explanation. */
function QuestionCard(props: { question: QuestionView; index: number; canChange: boolean; onEdit: () => void; onRemove: () => Promise<void> }): JSX.Element {
  const s = () => questionState(props.question);
  return (
    <li class="card question-card" classList={{ retired: props.question.retired }}>
      <div class="question-head">
        <h2 id={`q-${props.question.id}`}>
          <span class="muted">Q{props.index + 1}.</span> {props.question.prompt}
        </h2>
        <div class="question-tags">
          <span class="tag invited">{props.question.kind === 'single' ? 'Single choice' : 'Multiple choice'}</span>
          <Show when={s().label}>
            <span class={props.question.retired ? 'tag inactive' : 'tag warn'}>{s().label}</span>
          </Show>
        </div>
      </div>
      <ul class="choice-list" aria-labelledby={`q-${props.question.id}`}>
        <For each={props.question.choices}>
          {(c) => (
            <li classList={{ right: c.correct }}>
              <span class="choice-mark" aria-hidden="true">
                {c.correct ? '✓' : '✗'}
              </span>
              <div>
                <span class="strong">{c.text}</span> <span class="sr-only">{c.correct ? '(right)' : '(wrong)'}</span>
                <span class="muted small choice-why">{c.explanation}</span>
              </div>
            </li>
          )}
        </For>
      </ul>
      <Show when={s().note}>
        <p class="muted small">{s().note}</p>
      </Show>
      <Show when={props.canChange && !props.question.retired}>
        <div class="row-actions">
          <Show when={s().canRewrite}>
            <button type="button" class="small-button" onClick={() => props.onEdit()}>
              Edit<span class="sr-only"> question {props.index + 1}</span>
            </button>
          </Show>
          <ConfirmButton label={s().canRewrite ? 'Remove' : 'Retire'} danger title={s().canRewrite ? 'Remove this question?' : 'Retire this question?'} confirm={s().canRewrite ? 'Remove' : 'Retire'} onConfirm={props.onRemove}>
            {s().canRewrite ? 'It was never drawn: it is deleted.' : 'It was drawn in attempts already: it is kept for them, and never drawn again.'}
          </ConfirmButton>
        </div>
      </Show>
    </li>
  );
}

/** The item analysis: each question's attempts and share right as a bar, flags with what to do. */
function Analysis(props: { place: BankPlace; bankId: string }): JSX.Element {
  const state = useConsole();
  const analysis = useRead(() => state.api.get<ItemAnalysis>(`${props.place.api}/${props.bankId}/analysis`));
  const columns: Column<AnalysisRow>[] = [
    {
      header: 'Question',
      accessorKey: 'prompt',
      cell: (c) => (
        <span class="analysis-prompt">
          {c.getValue<string>()}
          <Show when={c.row.original.retired}>
            {' '}
            <span class="tag inactive">Retired</span>
          </Show>
        </span>
      ),
    },
    { header: 'Attempts', accessorKey: 'drawn', cell: (c) => <span class="num">{c.getValue<number>()}</span> },
    {
      header: 'Answered right',
      id: 'right',
      cell: (c) => (
        <div class="share">
          <span class="share-bar" aria-hidden="true">
            <span class={`share-fill ${c.row.original.flag ?? ''}`} style={{ width: `${c.row.original.bar}%` }} />
          </span>
          <span class="num share-figure">{c.row.original.rightPercent === null ? '—' : `${c.row.original.rightPercent}%`}</span>
        </div>
      ),
    },
    { header: 'Flag', id: 'flag', cell: (c) => (c.row.original.flagLabel ? <span class="tag warn">{c.row.original.flagLabel}</span> : <span class="muted">—</span>) },
    { header: 'What to do', accessorKey: 'advice', cell: (c) => <span class="small">{c.getValue<string>()}</span> },
  ];
  return (
    <Switch>
      <Match when={analysis.problem()}>{(p) => <ErrorState problem={p()} retry={() => analysis.refetch()} />}</Match>
      <Match when={!analysis.data.latest}>
        <Loading what="the item analysis" />
      </Match>
      <Match when={analysis.data.latest?.questions.length === 0}>
        <Empty title="No questions to analyse">Write questions; once attempts are graded, each one’s share of right answers shows here.</Empty>
      </Match>
      <Match when={analysis.data.latest}>
        {(a) => {
          const rows = () => analysisRows(a());
          return (
            <>
              <p class="muted">
                Finished attempts that drew each question, and the share that answered it right. A question is flagged after {a().minimumAnswers} answers: too easy at {a().tooEasyAtPercent}% right or more, too hard at {a().tooHardAtPercent}% or less.{' '}
                <strong>{analysisSummary(rows())}</strong>
              </p>
              <div class="analysis-table">
                <ServerTable caption="Item analysis" columns={columns} rows={rows()} rowKey={(r) => r.questionId} />
              </div>
            </>
          );
        }}
      </Match>
    </Switch>
  );
}

/** A bank's settings, editable by who may change them (read-only for the others). */
function Settings(props: { place: BankPlace; bank: QuestionBankDetail; canChange: boolean; onSaved: (bank: QuestionBankDetail) => void }): JSX.Element {
  const state = useConsole();
  const [form, setForm] = createSignal<BankForm>(bankForm(props.bank));
  const [tried, setTried] = createSignal(false);
  const [server, setServer] = createSignal<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = createSignal<string | null>(null);
  const errors = () => ({ ...server().fields, ...(tried() ? bankProblems(form()) : {}) });
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setTried(true);
    setSaved(null);
    setServer(NO_ERRORS);
    if (Object.keys(bankProblems(form())).length > 0) return;
    try {
      const bank = await state.api.send<QuestionBankDetail>('PATCH', `${props.place.api}/${props.bank.id}`, bankBody(form()));
      setSaved('The settings are saved.');
      props.onSaved(bank);
    } catch (err) {
      setServer(formErrors(problemOf(err), BANK_FIELDS, BANK_ALIASES));
    }
  };
  return (
    <form class="card form" onSubmit={submit} novalidate aria-label="Settings">
      <BankFields form={form()} errors={errors()} onChange={setForm} disabled={!props.canChange} />
      <FormMessage message={server().form} />
      <Notice message={saved()} />
      <Show when={props.canChange}>
        <button type="submit" class="primary">
          Save the settings
        </button>
      </Show>
    </form>
  );
}

/** One bank: its questions, its settings, publishing, and the item analysis; the same page for the marketplace's banks and an enterprise's. */
export function BankPage(props: { place: BankPlace }): JSX.Element {
  const state = useConsole();
  const params = useParams();
  const bank = useRead((id: string) => state.api.get<QuestionBankDetail>(`${props.place.api}/${id}`), () => params.id);
  const canChange = () => mayChangeBanks(state, props.place);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const [editorOpen, setEditorOpen] = createSignal(false);
  const [editing, setEditing] = createSignal<QuestionView | null>(null);
  const [tab, setTab] = createSignal('questions');
  const act = async (run: () => Promise<string>) => {
    setActionError(null);
    setNotice(null);
    try {
      setNotice(await run());
    } catch (err) {
      setActionError(problemOf(err).message);
    } finally {
      void bank.refetch();
    }
  };
  const publish = (b: QuestionBankDetail, published: boolean) =>
    act(async () => {
      await state.api.send('PATCH', `${props.place.api}/${b.id}`, { published });
      return published ? 'The test is published: associates can take it.' : 'The test is unpublished: no new attempt can start.';
    });
  const remove = (b: QuestionBankDetail, q: QuestionView) =>
    act(async () => {
      const removed = await state.api.send<QuestionRemoved>('DELETE', `${props.place.api}/${b.id}/questions/${q.id}`);
      return removed.outcome === 'retired' ? 'The question is retired: kept for the attempts that drew it, never drawn again.' : 'The question is removed.';
    });
  return (
    <section class="page-section">
      <p>
        <A href={props.place.base}>← Tests</A>
      </p>
      <Switch>
        <Match when={bank.problem()}>{(p) => <ErrorState problem={p()} retry={() => bank.refetch()} />}</Match>
        <Match when={!bank.data.latest}>
          <Loading what="the test" />
        </Match>
        <Match when={bank.data.latest}>
          {(b) => (
            <>
              <div class="page-head">
                <h1>
                  {b().title} <span class={b().published ? 'tag' : 'tag invited'}>{b().published ? 'Published' : 'Draft'}</span>
                </h1>
                <Show when={canChange()}>
                  <div class="row-actions">
                    <button
                      type="button"
                      class="secondary"
                      onClick={() => {
                        setEditing(null);
                        setEditorOpen(true);
                      }}
                    >
                      Add a question
                    </button>
                    <Show
                      when={b().published}
                      fallback={
                        <button type="button" class="primary" onClick={() => publish(b(), true)}>
                          Publish
                        </button>
                      }
                    >
                      <button type="button" class="secondary" onClick={() => publish(b(), false)}>
                        Unpublish
                      </button>
                    </Show>
                  </div>
                </Show>
              </div>
              <p class="lead">
                {categoryText(b().category)} · level {b().level} · draws {b().questionsPerTest} question{b().questionsPerTest === 1 ? '' : 's'} of {b().activeQuestions} active
                {b().retiredQuestions ? ` (${b().retiredQuestions} retired)` : ''} · {timeLimitText(b().timeLimitSeconds)} · pass at {b().passPercent}% · retake after {b().retakeWaitHours}{'\u00a0'}h · valid {b().validityDays}{'\u00a0'}days
              </p>
              <Show when={canChange() && publishShortfall(b())}>{(s) => <p class="muted small">{s()}</p>}</Show>
              <Notice message={notice()} />
              <Alert message={actionError()} />
              <Tabs value={tab()} onChange={setTab} class="bank-tabs">
                <Tabs.List class="tabs" aria-label="The test">
                  <Tabs.Trigger class="tab" value="questions">
                    Questions ({b().questions.length})
                  </Tabs.Trigger>
                  <Tabs.Trigger class="tab" value="settings">
                    Settings
                  </Tabs.Trigger>
                  <Tabs.Trigger class="tab" value="analysis">
                    Item analysis
                  </Tabs.Trigger>
                </Tabs.List>
                <Tabs.Content value="questions" class="tab-panel">
                  <Show when={b().questions.length > 0} fallback={<Empty title="No questions yet">{canChange() ? 'Add questions: at least as many as a test draws before it can be published.' : 'Who writes the tests adds them.'}</Empty>}>
                    <ol class="question-list">
                      <For each={b().questions}>
                        {(q, i) => (
                          <QuestionCard
                            question={q}
                            index={i()}
                            canChange={canChange()}
                            onEdit={() => {
                              setEditing(q);
                              setEditorOpen(true);
                            }}
                            onRemove={() => remove(b(), q)}
                          />
                        )}
                      </For>
                    </ol>
                  </Show>
                </Tabs.Content>
                <Tabs.Content value="settings" class="tab-panel">
                  <Settings place={props.place} bank={b()} canChange={canChange()} onSaved={(next) => bank.mutate({ ...next })} />
                </Tabs.Content>
                <Tabs.Content value="analysis" class="tab-panel">
                  <Analysis place={props.place} bankId={b().id} />
                </Tabs.Content>
              </Tabs>
              <Show when={canChange()}>
                <QuestionDialog place={props.place} bankId={b().id} editing={editing()} open={editorOpen()} onOpenChange={setEditorOpen} onSaved={(m) => act(async () => m)} />
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
