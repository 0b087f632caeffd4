import { Dialog } from '@kobalte/core/dialog';
import { A, useNavigate } from '@solidjs/router';
import { createSignal, type JSX, Match, Show, Switch } from 'solid-js';
import type { QuestionBankDetail, QuestionBankList, QuestionBankView } from '../../../../shared/accreditation-tests';
import { problemOf } from '../api.core';
import { DialogActions, DialogFrame } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { FormMessage, focusFieldAtFault } from '../components/Field';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead } from '../data';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { useConsole } from '../state';
import { mayChangeBanks } from './access';
import { BANK_ALIASES, BANK_FIELDS, type BankForm, type BankPlace, bankBody, bankProblems, categoryText, NEW_BANK, timeLimitText } from './banks.core';
import { BankFields } from './BankFields';

/** Creates a bank: its settings checked as typed (after the first try), the server's words on the field at fault. */
function CreateBankDialog(props: { place: BankPlace; onCreated: (bank: QuestionBankDetail) => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const [form, setForm] = createSignal<BankForm>({ ...NEW_BANK });
  const [tried, setTried] = createSignal(false);
  const [server, setServer] = createSignal<FormErrors>(NO_ERRORS);
  const errors = (): FormErrors => {
    const typed = tried() ? bankProblems(form()) : {};
    return { form: server().form, fields: { ...server().fields, ...typed } };
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setTried(true);
    setServer(NO_ERRORS);
    const local = bankProblems(form());
    if (Object.keys(local).length > 0) {
      focusFieldAtFault({ form: null, fields: local }, BANK_FIELDS);
      return;
    }
    try {
      const bank = await state.api.send<QuestionBankDetail>('POST', props.place.api, bankBody(form()));
      setOpen(false);
      setForm({ ...NEW_BANK });
      setTried(false);
      props.onCreated(bank);
    } catch (err) {
      const next = formErrors(problemOf(err), BANK_FIELDS, BANK_ALIASES);
      setServer(next);
      focusFieldAtFault(next, BANK_FIELDS);
    }
  };
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (o) {
          setServer(NO_ERRORS);
          setTried(false);
        }
        setOpen(o);
      }}
    >
      <Dialog.Trigger class="primary">New test</Dialog.Trigger>
      <DialogFrame wide title="New test" description="A bank of questions for one category and level. It starts unpublished: add at least as many questions as a test draws, then publish it.">
        <form onSubmit={submit} novalidate class="form">
          <BankFields form={form()} errors={errors().fields} onChange={setForm} />
          <FormMessage message={errors().form} />
          <DialogActions submit="Create the test" />
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** The list of a place's banks (an enterprise's or the marketplace's): one implementation for both. */
export function BankList(props: { place: BankPlace; lead: string }): JSX.Element {
  const state = useConsole();
  const navigate = useNavigate();
  const banks = useRead(() => state.api.get<QuestionBankList>(props.place.api));
  const canChange = () => mayChangeBanks(state, props.place);
  const columns: Column<QuestionBankView>[] = [
    { header: 'Title', accessorKey: 'title', cell: (c) => <A href={`${props.place.base}/${c.row.original.id}`}>{c.getValue<string>()}</A> },
    { header: 'Category', id: 'category', cell: (c) => categoryText(c.row.original.category) },
    { header: 'Level', accessorKey: 'level', cell: (c) => <span class="num">{c.getValue<number>()}</span> },
    {
      header: 'Questions',
      id: 'questions',
      cell: (c) => (
        <span class="bank-count">
          {c.row.original.activeQuestions} active
          <Show when={c.row.original.retiredQuestions > 0}>
            <span class="muted"> · {c.row.original.retiredQuestions} retired</span>
          </Show>
          <span class="muted"> · draws {c.row.original.questionsPerTest}</span>
        </span>
      ),
    },
    { header: 'Published', accessorKey: 'published', cell: (c) => (c.getValue<boolean>() ? <span class="tag">Published</span> : <span class="tag invited">Draft</span>) },
    { header: 'Pass mark', accessorKey: 'passPercent', cell: (c) => `${c.getValue<number>()}%` },
    { header: 'Time limit', accessorKey: 'timeLimitSeconds', cell: (c) => timeLimitText(c.getValue<number>()) },
  ];
  return (
    <section class="page-section">
      <div class="page-head">
        <h1>Tests</h1>
        <Show when={canChange()}>
          <CreateBankDialog place={props.place} onCreated={(bank) => navigate(`${props.place.base}/${bank.id}`)} />
        </Show>
      </div>
      <p class="lead">{props.lead}</p>
      <Switch>
        <Match when={banks.problem()}>{(p) => <ErrorState problem={p()} retry={() => banks.refetch()} />}</Match>
        <Match when={!banks.data.latest}>
          <Loading what="the tests" />
        </Match>
        <Match when={banks.data.latest?.banks.length === 0}>
          <Empty title="No tests yet">{canChange() ? 'Create a test, write its questions, then publish it.' : 'A sales lead, admin or owner writes them.'}</Empty>
        </Match>
        <Match when={banks.data.latest}>{(l) => <ServerTable caption="Tests" columns={columns} rows={l().banks} rowKey={(b) => b.id} />}</Match>
      </Switch>
    </section>
  );
}
