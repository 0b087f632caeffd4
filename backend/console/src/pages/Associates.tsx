import { Dialog } from '@kobalte/core/dialog';
import { A } from '@solidjs/router';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AssociateInvited, AssociateList, AssociateView, EnterpriseAdmissionList, ScheduleExceptionList } from '../../../../shared/associates';
import { problemOf } from '../api.core';
import { ConfirmButton, DialogActions, DialogFrame, ShownOnce } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage, focusFieldAtFault } from '../components/Field';
import { Alert, Empty, ErrorState, Loading } from '../components/States';
import { day, useRead, when } from '../data';
import { accreditationRows, type AccreditationRow, invitationsInOrder, inviteeOf, requiredTestText, rowsOf, type Source, SOURCE_LABEL, TEST_PROGRESS, testProgressOf } from '../independents.core';
import { daysAway, exceptionHours, localDateText } from '../schedule.core';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { mayChange } from '../nav.core';
import { useConsole } from '../state';

type Grant = { category: string; level: string; expiresAt: string };

/** Invites an employee: e-mail and name; the answer holds the one-time link. */
function InviteDialog(props: { onInvited: (invited: AssociateInvited) => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    try {
      const invited = await state.api.send<AssociateInvited>('POST', '/associates', { email: email().trim(), displayName: name().trim() });
      setOpen(false);
      setEmail('');
      setName('');
      props.onInvited(invited);
    } catch (err) {
      const errors = formErrors(problemOf(err), ['email', 'displayName']);
      setErrors(errors);
      focusFieldAtFault(errors, ['email', 'displayName']);
    }
  };
  return (
    <Dialog open={open()} onOpenChange={setOpen}>
      <Dialog.Trigger class="primary">Invite an associate</Dialog.Trigger>
      <DialogFrame title="Invite an associate" description="They get a link to choose their password (7 days); then they sign in in the extension's agent mode.">
            <form onSubmit={submit} novalidate class="form">
              <Field label="E-mail" name="email" type="email" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} error={errors().fields.email} />
              <Field label="Name shown to shoppers" name="displayName" required maxlength="100" value={name()} onInput={(e) => setName(e.currentTarget.value)} error={errors().fields.displayName} />
              <FormMessage message={errors().form} />
              <DialogActions submit="Send the invitation" />
            </form>
      </DialogFrame>
    </Dialog>
  );
}

/** The enterprise's grants to one associate, edited as a whole list (PUT replaces it). */
function AccreditationsDialog(props: { associate: AssociateView; onSaved: () => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const fromView = (): Grant[] =>
    props.associate.accreditations.map((a) => ({ category: a.category.join(' > '), level: String(a.level), expiresAt: a.expiresAt ? a.expiresAt.slice(0, 10) : '' }));
  const [grants, setGrants] = createSignal<Grant[]>([]);
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const update = (i: number, patch: Partial<Grant>) => setGrants((g) => g.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const accreditations = grants().map((g) => ({
      category: g.category.split('>').map((p) => p.trim()).filter(Boolean),
      level: Number(g.level),
      expiresAt: g.expiresAt ? new Date(`${g.expiresAt}T23:59:59Z`).toISOString() : null,
    }));
    try {
      await state.api.send('PUT', `/associates/${props.associate.id}/accreditations`, { accreditations });
      setOpen(false);
      props.onSaved();
    } catch (err) {
      const names = grants().flatMap((_, i) => [`accreditations.${i}.category`, `accreditations.${i}.level`, `accreditations.${i}.expiresAt`]);
      setErrors(formErrors(problemOf(err), names));
    }
  };
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (o) {
          setGrants(fromView());
          setErrors(NO_ERRORS);
        }
        setOpen(o);
      }}
    >
      <Dialog.Trigger class="small-button">Accreditations</Dialog.Trigger>
      <DialogFrame title={`Accreditations of ${props.associate.displayName}`} description="The categories this enterprise trusts them with, level 1 to 5; other enterprises' grants stay as they are." wide>
            <form onSubmit={save} novalidate class="form">
              <For each={grants()} fallback={<p class="muted">No accreditations: add one.</p>}>
                {(g, i) => (
                  <fieldset class="grant">
                    <legend class="sr-only">Accreditation {i() + 1}</legend>
                    <Field label="Category" name={`accreditations.${i()}.category`} hint="Parts joined with >, e.g. Audio > Headphones" value={g.category} onInput={(e) => update(i(), { category: e.currentTarget.value })} error={errors().fields[`accreditations.${i()}.category`]} />
                    <Field label="Level" name={`accreditations.${i()}.level`} type="number" min="1" max="5" value={g.level} onInput={(e) => update(i(), { level: e.currentTarget.value })} error={errors().fields[`accreditations.${i()}.level`]} />
                    <Field label="Expires" name={`accreditations.${i()}.expiresAt`} type="date" value={g.expiresAt} onInput={(e) => update(i(), { expiresAt: e.currentTarget.value })} error={errors().fields[`accreditations.${i()}.expiresAt`]} />
                    <button type="button" class="link danger" onClick={() => setGrants((all) => all.filter((_, j) => j !== i()))}>
                      Remove
                    </button>
                  </fieldset>
                )}
              </For>
              <button type="button" onClick={() => setGrants((all) => [...all, { category: '', level: '3', expiresAt: '' }])}>
                Add an accreditation
              </button>
              <FormMessage message={errors().form} />
              <DialogActions submit="Save" />
            </form>
      </DialogFrame>
    </Dialog>
  );
}

type Admission = EnterpriseAdmissionList['admissions'][number];

const INVITATION_STATUS: Record<Admission['status'], string> = { invited: 'Invited', accepted: 'Accepted', declined: 'Declined', withdrawn: 'Left' };

/** One source's accreditations: a label and the chips, or "none". */
function SourceGroup(props: { rows: AccreditationRow[]; source: Source }): JSX.Element {
  const rows = () => rowsOf(props.rows, props.source);
  return (
    <div class="source-group" data-source={props.source}>
      <span class="muted small">{SOURCE_LABEL[props.source]}:</span>{' '}
      <span class="chips">
        <For each={rows()} fallback={<span class="muted small">none</span>}>
          {(r) => (
            <span class="chip" title={r.expiresAt ? `valid until ${day(r.expiresAt)}` : 'does not expire'}>
              {r.category} · {r.level}
              <Show when={r.expiresAt && props.source !== 'grant'}> · until {day(r.expiresAt)}</Show>
            </span>
          )}
        </For>
      </span>
    </div>
  );
}

/** An associate's accreditations, one group per source: what matching may trust, as this enterprise sees it. */
function BySource(props: { associate: AssociateView }): JSX.Element {
  const rows = () => accreditationRows(props.associate.accreditations, props.associate.testAccreditations);
  return (
    <div class="by-source" data-testid="accreditations-by-source">
      <For each={['grant', 'enterprise_test', 'marketplace_test'] as const}>{(source) => <SourceGroup rows={rows()} source={source} />}</For>
    </div>
  );
}

/** An associate's days off and one-off hours from today on, in their zone: read only (only they set them, in the extension). */
function ScheduleExceptionsDialog(props: { associate: AssociateView }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  // Read at each opening (the key changes from closed to the id): the associate may have changed them meanwhile.
  const list = useRead((id: string) => state.api.get<ScheduleExceptionList>(`/associates/${id}/schedule-exceptions`), () => open() && props.associate.id);
  return (
    <Dialog open={open()} onOpenChange={setOpen}>
      <Dialog.Trigger class="small-button nowrap" aria-label={`Days off and one-off hours of ${props.associate.displayName}`}>
        Days off
      </Dialog.Trigger>
      <DialogFrame
        title={`Days off and one-off hours: ${props.associate.displayName}`}
        description={`Upcoming, on their dates in their time zone (${props.associate.timezone}); on these days matching uses them instead of the weekly hours. Only the associate sets them, in the extension.`}
      >
        <Switch>
          <Match when={list.problem()}>{(p) => <ErrorState problem={p()} retry={() => list.refetch()} />}</Match>
          <Match when={!list.data.latest}>
            <Loading what="the days off" />
          </Match>
          <Match when={list.data.latest?.exceptions.length === 0}>
            <Empty title="No days off or one-off hours ahead">Their weekly hours apply every day.</Empty>
          </Match>
          <Match when={list.data.latest}>
            {(l) => (
              <ul class="plain-list exceptions" data-testid="schedule-exceptions">
                <For each={l().exceptions}>
                  {(e) => (
                    <li>
                      <span class="strong nowrap">{localDateText(e.date)}</span> <span class="muted small nowrap">({daysAway(l().today, e.date)})</span>
                      <div>
                        <span classList={{ tag: e.periods.length === 0, inactive: e.periods.length === 0 }}>{exceptionHours(e)}</span>
                      </div>
                      <Show when={e.note}>{(note) => <div class="muted small">{note()}</div>}</Show>
                    </li>
                  )}
                </For>
              </ul>
            )}
          </Match>
        </Switch>
        <div class="actions">
          <Dialog.CloseButton class="secondary">Close</Dialog.CloseButton>
        </div>
      </DialogFrame>
    </Dialog>
  );
}

/** The required test, and whether the invitee has passed it yet (and when). */
function RequiredTestCell(props: { admission: Admission }): JSX.Element {
  const progress = () => testProgressOf(props.admission);
  return (
    <div>
      <span classList={{ muted: !props.admission.requiredTest }}>{requiredTestText(props.admission.requiredTest)}</span>
      <Show when={progress()}>
        {(p) => (
          <div class="small" data-testid="required-test-progress" data-progress={p()}>
            <span class={`tag ${p() === 'passed' ? '' : p() === 'waiting' ? 'invited' : 'inactive'}`}>{TEST_PROGRESS[p()]}</span>
            <Show when={p() === 'passed' && props.admission.requiredTest?.passedAt}>{(at) => <span class="muted nowrap"> on {day(at())}</span>}</Show>
          </div>
        )}
      </Show>
    </div>
  );
}

/** The invitations this enterprise made to independents: to whom, their answer, and the test required first. */
function Invitations(props: { list: ReturnType<typeof useRead<EnterpriseAdmissionList>> }): JSX.Element {
  const columns: Column<Admission>[] = [
    { header: 'Invited', id: 'invitee', cell: (c) => <span class="strong nowrap">{inviteeOf(c.row.original)}</span> },
    {
      header: 'Status',
      accessorKey: 'status',
      cell: (c) => (
        <span data-testid="invitation-status" class={`tag ${c.row.original.status === 'invited' ? 'invited' : c.row.original.status === 'accepted' ? '' : 'inactive'}`}>
          {INVITATION_STATUS[c.row.original.status]}
        </span>
      ),
    },
    { header: 'Test required first', id: 'test', cell: (c) => <RequiredTestCell admission={c.row.original} /> },
    { header: 'Sent', accessorKey: 'invitedAt', cell: (c) => <span class="nowrap">{when(c.row.original.invitedAt)}</span> },
    { header: 'Answered', accessorKey: 'answeredAt', cell: (c) => <span class="nowrap">{when(c.row.original.answeredAt)}</span> },
  ];
  return (
    <section aria-labelledby="invitations-title" class="subsection">
      <h2 id="invitations-title">Invitations to independents</h2>
      <p class="muted small">
        Who this enterprise invited from the marketplace and what they answered. One with a test required first can be accepted only once they have passed it: the list says whether they have, as
        of now.
      </p>
      <Switch>
        <Match when={props.list.problem()}>{(p) => <ErrorState problem={p()} retry={() => props.list.refetch()} />}</Match>
        <Match when={!props.list.data.latest}>
          <Loading what="the invitations" />
        </Match>
        <Match when={props.list.data.latest?.admissions.length === 0}>
          <Empty title="No invitations yet">
            Find approved independents in <A href="/independents">Find independents</A> and invite them.
          </Empty>
        </Match>
        <Match when={props.list.data.latest}>{(l) => <ServerTable caption="Invitations sent" columns={columns} rows={invitationsInOrder(l().admissions)} />}</Match>
      </Switch>
    </section>
  );
}

const STATUS: Record<AssociateView['status'], string> = { invited: 'Invited', active: 'Active', inactive: 'Deactivated' };

/** Associates: the enterprise's employees and admitted independents with their accreditations by source and days off; invite, deactivate, reactivate, grants. */
export default function Associates(): JSX.Element {
  const state = useConsole();
  const list = useRead(() => state.api.get<AssociateList>('/associates'));
  const invitations = useRead(() => state.api.get<EnterpriseAdmissionList>('/associates/admissions'));
  const [invited, setInvited] = createSignal<AssociateInvited | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const canChange = () => mayChange(state.viewer(), 'POST', '/associates');
  const act = async (path: string) => {
    setActionError(null);
    try {
      await state.api.send('POST', path);
      void list.refetch();
    } catch (err) {
      setActionError(problemOf(err).message);
    }
  };
  const employees = () => (list.data.latest?.associates ?? []).filter((a) => a.employment === 'employed');
  const independents = () => (list.data.latest?.associates ?? []).filter((a) => a.employment === 'independent');

  const name: Column<AssociateView> = { header: 'Name', accessorKey: 'displayName', cell: (c) => <span class="strong nowrap">{c.getValue<string>()}</span> };
  const email: Column<AssociateView> = { header: 'E-mail', accessorKey: 'email' };
  const status: Column<AssociateView> = { header: 'Status', accessorKey: 'status', cell: (c) => <span class={`tag ${c.getValue<string>()}`}>{STATUS[c.getValue<AssociateView['status']>()]}</span> };
  // Where they are now, and the days they are not (or differently) there; every role reads both, an analyst too.
  const presence: Column<AssociateView> = {
    header: 'Presence',
    id: 'presence',
    cell: (c) => (
      <div class="presence-cell">
        <div>{c.row.original.connected ? c.row.original.presence : 'offline'}</div>
        <ScheduleExceptionsDialog associate={c.row.original} />
      </div>
    ),
  };
  const accreditations: Column<AssociateView> = { header: 'Accreditations by source', id: 'accreditations', cell: (c) => <BySource associate={c.row.original} /> };
  const actions: Column<AssociateView> = {
    id: 'actions',
    header: () => <span class="sr-only">Actions</span>,
    cell: (c) => (
      <Show when={canChange()}>
        <div class="row-actions">
          <AccreditationsDialog associate={c.row.original} onSaved={() => void list.refetch()} />
          <Show
            when={c.row.original.status === 'inactive'}
            fallback={
              <ConfirmButton label="Deactivate" danger title={`Deactivate ${c.row.original.displayName}?`} confirm="Deactivate" onConfirm={() => act(`/associates/${c.row.original.id}/deactivate`)}>
                {c.row.original.employment === 'employed'
                  ? 'They are signed out everywhere and cannot sign in until reactivated.'
                  : 'They get no more of this enterprise’s offers until reactivated.'}
              </ConfirmButton>
            }
          >
            <button type="button" class="small-button" onClick={() => act(`/associates/${c.row.original.id}/reactivate`)}>
              Reactivate
            </button>
          </Show>
        </div>
      </Show>
    ),
  };
  const columns: Column<AssociateView>[] = [name, email, status, presence, accreditations, actions];
  return (
    <section class="page-section wide">
      <div class="page-head">
        <h1>Associates</h1>
        <Show when={canChange()}>
          <InviteDialog
            onInvited={(i) => {
              setInvited(i);
              void list.refetch();
            }}
          />
        </Show>
      </div>
      <p class="lead">The people who take this enterprise’s shoppers: its employees and the independents who accepted its invitation.</p>
      <Show when={invited()}>
        {(i) => (
          <ShownOnce
            title={`${i().associate.displayName} is invited`}
            value={i().invitation.link}
            note={i().invitation.mailed ? 'The link went out by e-mail; it is shown here once too.' : 'No e-mail went out: send them this link yourself. It is shown once.'}
            onDone={() => setInvited(null)}
          />
        )}
      </Show>
      <Alert message={actionError()} />
      <Switch>
        <Match when={list.problem()}>{(p) => <ErrorState problem={p()} retry={() => list.refetch()} />}</Match>
        <Match when={!list.data.latest}>
          <Loading what="the associates" />
        </Match>
        <Match when={list.data.latest?.associates.length === 0}>
          <Empty title="No associates yet">Invite the first one: they choose a password, then sign in in the extension.</Empty>
        </Match>
        <Match when={list.data.latest}>
          <section aria-labelledby="employees-title" class="subsection">
            <h2 id="employees-title">Employees</h2>
            <Show when={employees().length > 0} fallback={<p class="muted">No employees yet: invite one with “Invite an associate”.</p>}>
              <ServerTable caption="Employees and their accreditations" columns={columns} rows={employees()} rowKey={(a) => a.id} />
            </Show>
          </section>
          <section aria-labelledby="admitted-title" class="subsection">
            <h2 id="admitted-title">Admitted independents</h2>
            <p class="muted small">
              What matching may trust for each: this enterprise’s grants (edited with “Accreditations”), the tests of its own they passed, and the marketplace’s tests they passed (still valid; read
              only). Each rule set of Matching says which of these it trusts.
            </p>
            <Show when={independents().length > 0} fallback={<p class="muted">No independent has joined yet: invite some from Find independents.</p>}>
              <ServerTable caption="Admitted independents and their accreditations" columns={columns} rows={independents()} rowKey={(a) => a.id} />
            </Show>
          </section>
        </Match>
      </Switch>
      <Invitations list={invitations} />
    </section>
  );
}
