import { Dialog } from '@kobalte/core/dialog';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import { type EnterpriseUser, ROLE_LABELS, type Role, type SupportAccess, type SupportAccessList, type UserInvited } from '../../../../shared/console';
import { problemOf } from '../api.core';
import { ConfirmButton, DialogActions, DialogFrame } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage, focusFieldAtFault, SelectField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading, Notice } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { mayChange } from '../nav.core';
import { endedAt, ROLE_OPTIONS, ROLE_WORDS, splitAccesses } from '../settings/users.core';
import { useConsole } from '../state';

const INVITE_FIELDS = ['email', 'name', 'role'] as const;

/** Invites a console user: e-mail, name, role; they get a link to choose their password. */
function InviteDialog(props: { onInvited: (invited: UserInvited) => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [role, setRole] = createSignal<Role>('analyst');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    try {
      const invited = await state.api.send<UserInvited>('POST', '/enterprise/users', { email: email().trim(), name: name().trim(), role: role() });
      setOpen(false);
      setEmail('');
      setName('');
      setRole('analyst');
      props.onInvited(invited);
    } catch (err) {
      const next = formErrors(problemOf(err), INVITE_FIELDS);
      setErrors(next);
      focusFieldAtFault(next, INVITE_FIELDS);
    }
  };
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (o) setErrors(NO_ERRORS);
        setOpen(o);
      }}
    >
      <Dialog.Trigger class="primary">Invite a user</Dialog.Trigger>
      <DialogFrame title="Invite a user" description="They get an e-mail with a link to choose their password (7 days); someone who already has a console account is told of the new enterprise.">
        <form onSubmit={submit} novalidate class="form">
          <Field label="E-mail" name="email" type="email" autocomplete="off" required value={email()} onInput={(e) => setEmail(e.currentTarget.value)} error={errors().fields.email} />
          <Field label="Name" name="name" required maxlength="100" value={name()} onInput={(e) => setName(e.currentTarget.value)} error={errors().fields.name} />
          <SelectField label="Role" name="role" hint={`${ROLE_LABELS[role()]}: ${ROLE_WORDS[role()]}.`} value={role()} options={ROLE_OPTIONS} onChange={(v) => setRole(v as Role)} error={errors().fields.role} />
          <FormMessage message={errors().form} />
          <DialogActions submit="Send the invitation" />
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** The role of one user, changed in place; the server refuses to leave the enterprise without an owner. */
function RoleSelect(props: { user: EnterpriseUser; onChange: (role: Role) => void }): JSX.Element {
  return (
    <select class="compact-select" aria-label={`Role of ${props.user.name}`} value={props.user.role} onChange={(e) => props.onChange(e.currentTarget.value as Role)}>
      <For each={ROLE_OPTIONS}>{([v, l]) => <option value={v}>{l}</option>}</For>
    </select>
  );
}

/** Settings → Users: the enterprise's console users and their roles (owners invite, change, remove), and the support accesses. */
export default function Users(): JSX.Element {
  const state = useConsole();
  const users = useRead(() => state.api.get<{ users: EnterpriseUser[] }>('/enterprise/users'));
  const accesses = useRead(() => state.api.get<SupportAccessList>('/enterprise/support-access'));
  const [notice, setNotice] = createSignal<string | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const canChange = () => mayChange(state.viewer(), 'POST', '/enterprise/users');
  const canEnd = () => mayChange(state.viewer(), 'POST', '/enterprise/support-access/x/end');
  const act = async (run: () => Promise<unknown>, done?: string) => {
    setActionError(null);
    setNotice(null);
    try {
      await run();
      if (done) setNotice(done);
    } catch (err) {
      setActionError(problemOf(err).message);
    } finally {
      void users.refetch();
    }
  };

  const columns: Column<EnterpriseUser>[] = [
    { header: 'Name', accessorKey: 'name', cell: (c) => <span class="strong">{c.getValue<string>()}</span> },
    { header: 'E-mail', accessorKey: 'email' },
    {
      header: 'Role',
      accessorKey: 'role',
      cell: (c) => (
        <Show when={canChange()} fallback={ROLE_LABELS[c.getValue<Role>()]}>
          <RoleSelect user={c.row.original} onChange={(role) => act(() => state.api.send('PATCH', `/enterprise/users/${c.row.original.id}`, { role }), `${c.row.original.name} is now ${ROLE_LABELS[role]}.`)} />
        </Show>
      ),
    },
    { header: 'Status', accessorKey: 'active', cell: (c) => (c.getValue<boolean>() ? <span class="tag">Active</span> : <span class="tag invited">Invited</span>) },
    { header: 'Second factor', accessorKey: 'totpEnabled', cell: (c) => (c.getValue<boolean>() ? 'On' : <span class="muted">Off</span>) },
    { header: 'Added', accessorKey: 'addedAt', cell: (c) => when(c.getValue<string>()) },
    {
      id: 'actions',
      header: () => <span class="sr-only">Actions</span>,
      cell: (c) => (
        <Show when={canChange()}>
          <div class="row-actions">
            <ConfirmButton label="Remove" danger title={`Remove ${c.row.original.name}?`} confirm="Remove" onConfirm={() => act(() => state.api.send('DELETE', `/enterprise/users/${c.row.original.id}`), `${c.row.original.name} is removed.`)}>
              They lose this enterprise in the console at once; their account and their other enterprises stay. The enterprise always keeps an owner.
            </ConfirmButton>
          </div>
        </Show>
      ),
    },
  ];

  const accessColumns = (past: boolean): Column<SupportAccess>[] => [
    { header: 'Operator', accessorKey: 'operatorEmail' },
    { header: 'Reason', accessorKey: 'reason' },
    { header: 'Started', accessorKey: 'startedAt', cell: (c) => when(c.getValue<string>()) },
    past
      ? { header: 'Ended', id: 'ended', cell: (c) => `${when(endedAt(c.row.original))}${c.row.original.endedAt ? '' : ' (its end)'}` }
      : { header: 'Ends', accessorKey: 'endsAt', cell: (c) => when(c.getValue<string>()) },
    ...(past
      ? []
      : [
          {
            id: 'actions',
            header: () => <span class="sr-only">Actions</span>,
            cell: (c: { row: { original: SupportAccess } }) => (
              <Show when={canEnd()}>
                <div class="row-actions">
                  <ConfirmButton
                    label="End now"
                    danger
                    title={`End ${c.row.original.operatorEmail}’s access?`}
                    confirm="End the access"
                    onConfirm={() =>
                      act(async () => {
                        await state.api.send('POST', `/enterprise/support-access/${c.row.original.id}/end`);
                        void accesses.refetch();
                      }, 'The support access is ended.')
                    }
                  >
                    The operator can no longer act in this enterprise, from their next request on.
                  </ConfirmButton>
                </div>
              </Show>
            ),
          } as Column<SupportAccess>,
        ]),
  ];

  const split = () => splitAccesses(accesses.data.latest?.accesses ?? [], new Date());

  return (
    <section class="page-section">
      <div class="page-head">
        <h1>Users</h1>
        <Show when={canChange()}>
          <InviteDialog
            onInvited={(i) => {
              setActionError(null);
              setNotice(i.mailed ? `${i.user.name} is invited: the e-mail is on its way to ${i.user.email}.` : `${i.user.name} is invited, but no e-mail went out (no mail server is set up): ask them to use “Forgot password?” on the sign-in page.`);
              void users.refetch();
            }}
          />
        </Show>
      </div>
      <p class="lead">The people who use this enterprise’s console, and what their role lets them do. Owners invite, change roles and remove; the enterprise always keeps an owner.</p>
      <Notice message={notice()} />
      <Alert message={actionError()} />
      <Switch>
        <Match when={users.problem()}>{(p) => <ErrorState problem={p()} retry={() => users.refetch()} />}</Match>
        <Match when={!users.data.latest}>
          <Loading what="the users" />
        </Match>
        <Match when={users.data.latest?.users.length === 0}>
          <Empty title="No users">Invite the people who run this enterprise’s selling.</Empty>
        </Match>
        <Match when={users.data.latest}>{(l) => <ServerTable caption="Users" columns={columns} rows={l().users} rowKey={(u) => u.id} />}</Match>
      </Switch>

      <h2>Support access</h2>
      <p class="muted">When the marketplace’s support acts inside this enterprise, it is recorded here and in the audit log. {canEnd() ? 'You may end an access at any time.' : 'An owner may end one.'}</p>
      <Switch>
        <Match when={accesses.problem()}>{(p) => <ErrorState problem={p()} retry={() => accesses.refetch()} />}</Match>
        <Match when={!accesses.data.latest}>
          <Loading what="the support accesses" />
        </Match>
        <Match when={accesses.data.latest?.accesses.length === 0}>
          <Empty title="No support access yet">Nobody from the marketplace has acted inside this enterprise.</Empty>
        </Match>
        <Match when={accesses.data.latest}>
          <h3>Open now</h3>
          <Show when={split().open.length > 0} fallback={<p class="muted">None open.</p>}>
            <ServerTable caption="Open support accesses" columns={accessColumns(false)} rows={split().open} rowKey={(a) => a.id} />
          </Show>
          <h3>Past</h3>
          <Show when={split().past.length > 0} fallback={<p class="muted">None yet.</p>}>
            <ServerTable caption="Past support accesses" columns={accessColumns(true)} rows={split().past} rowKey={(a) => a.id} />
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
