import { Dialog } from '@kobalte/core/dialog';
import { A, useLocation, useParams } from '@solidjs/router';
import { createMemo, createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { ConsoleMe, EnterpriseUser, MarketplaceEnterprise, MarketplaceEnterpriseList, SiteView, SupportAccess, SupportAccessList, UserInvited } from '../../../../shared/console';
import { type Api, createApi, problemOf } from '../api.core';
import { BarChart } from '../components/Chart';
import { ConfirmButton, DialogActions, DialogFrame } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage, focusFieldAtFault, SelectField, TextAreaField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading, Notice } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { adapterOf, adapterText, engagementRate, feeBody, feeText, lengthText, openAccessIn, revenueLines, STANDING_CLASS, STANDING_LABELS, standingOf, SUPPORT_MINUTES } from '../marketplace/marketplace.core';
import { basisPointsText, percent } from '../sales/money.core';
import { ACCOUNT, useConsole } from '../state';
import { SuspensionButton } from './MarketplaceEnterprises';

/** A new site, or a site's change: name, domain, adapter (JSON); the server's words on each field. */
function SiteDialog(props: { enterpriseId: string; site?: SiteView; onSaved: () => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const [name, setName] = createSignal('');
  const [domain, setDomain] = createSignal('');
  const [adapter, setAdapter] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const FIELDS = ['name', 'domain', 'adapter'] as const;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const read = adapterOf(adapter());
    if ('error' in read) {
      setErrors({ form: null, fields: { adapter: read.error } });
      return;
    }
    const body = { name: name().trim() || domain().trim(), domain: domain().trim(), adapter: read.adapter };
    try {
      if (props.site) await state.api.send('PATCH', `/marketplace/sites/${props.site.id}`, body);
      else await state.api.send('POST', `/marketplace/enterprises/${props.enterpriseId}/sites`, body);
      setOpen(false);
      props.onSaved();
    } catch (err) {
      const problem = problemOf(err);
      const found = problem.status === 409 ? { form: null, fields: { domain: problem.message } } : formErrors(problem, FIELDS);
      setErrors(found);
      focusFieldAtFault(found, FIELDS);
    }
  };
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (o) {
          setName(props.site?.name ?? '');
          setDomain(props.site?.domain ?? '');
          setAdapter(adapterText(props.site?.adapter ?? null));
          setErrors(NO_ERRORS);
        }
        setOpen(o);
      }}
    >
      <Dialog.Trigger class={props.site ? 'small-button' : 'primary'}>{props.site ? 'Edit' : 'Add a site'}</Dialog.Trigger>
      <DialogFrame title={props.site ? `Edit ${props.site.domain}` : 'Add a site'} description="The extension observes the site's pages; its adapter says where the product, price and cart are on them (JSON; empty for the generic reading)." wide>
        <form onSubmit={submit} novalidate class="form">
          <Field label="Domain" name="domain" required hint="A host name, e.g. shop.example.com" value={domain()} onInput={(e) => setDomain(e.currentTarget.value)} error={errors().fields.domain} />
          <Field label="Name" name="name" maxlength="100" hint="The domain when left empty" value={name()} onInput={(e) => setName(e.currentTarget.value)} error={errors().fields.name} />
          <TextAreaField label="Adapter" name="adapter" hint='e.g. {"product": {"name": {"selector": "h1"}, "price": {"selector": ".price"}}}' value={adapter()} onInput={setAdapter} error={errors().fields.adapter} />
          <FormMessage message={errors().form} />
          <DialogActions submit={props.site ? 'Save' : 'Add the site'} />
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** The enterprise's sites: add, edit (adapter), switch on and off. */
function Sites(props: { enterpriseId: string; onChanged: () => void }): JSX.Element {
  const state = useConsole();
  const sites = useRead((id: string) => state.api.get<{ sites: SiteView[] }>(`/marketplace/enterprises/${id}/sites`), () => props.enterpriseId);
  const [error, setError] = createSignal<string | null>(null);
  const changed = () => {
    void sites.refetch();
    props.onChanged();
  };
  const toggle = async (site: SiteView) => {
    setError(null);
    try {
      await state.api.send('PATCH', `/marketplace/sites/${site.id}`, { active: !site.active });
      changed();
    } catch (err) {
      setError(problemOf(err).message);
    }
  };
  const columns: Column<SiteView>[] = [
    { header: 'Domain', accessorKey: 'domain', cell: (c) => <span class="strong">{c.getValue<string>()}</span> },
    { header: 'Name', accessorKey: 'name' },
    { header: 'Adapter', id: 'adapter', cell: (c) => (c.row.original.adapter ? 'Own adapter' : <span class="muted">Generic</span>) },
    { header: 'Status', id: 'active', cell: (c) => <span class={`tag ${c.row.original.active ? '' : 'inactive'}`}>{c.row.original.active ? 'Active' : 'Off'}</span> },
    { header: 'Added', accessorKey: 'createdAt', cell: (c) => when(c.getValue<string>()) },
    {
      id: 'actions',
      header: () => <span class="sr-only">Actions</span>,
      cell: (c) => (
        <div class="row-actions">
          <SiteDialog enterpriseId={props.enterpriseId} site={c.row.original} onSaved={changed} />
          <button type="button" class="small-button" onClick={() => toggle(c.row.original)}>
            {c.row.original.active ? 'Switch off' : 'Switch on'}
          </button>
        </div>
      ),
    },
  ];
  return (
    <section class="card" aria-labelledby="sites-title">
      <div class="page-head">
        <h2 id="sites-title">Sites</h2>
        <SiteDialog enterpriseId={props.enterpriseId} onSaved={changed} />
      </div>
      <Alert message={error()} />
      <Switch>
        <Match when={sites.problem()}>{(p) => <ErrorState problem={p()} retry={() => sites.refetch()} />}</Match>
        <Match when={!sites.data.latest}>
          <Loading what="the sites" />
        </Match>
        <Match when={sites.data.latest?.sites.length === 0}>
          <Empty title="No sites yet">Add the enterprise's first site: the extension observes nothing until then.</Empty>
        </Match>
        <Match when={sites.data.latest}>{(l) => <ServerTable caption="Sites" columns={columns} rows={l().sites} rowKey={(s) => s.id} />}</Match>
      </Switch>
    </section>
  );
}

/** The marketplace fee: a percentage withheld from the associates' commission (0 to 100, two decimals). */
function Fee(props: { enterprise: MarketplaceEnterprise; onSaved: () => void }): JSX.Element {
  const state = useConsole();
  const [text, setText] = createSignal(props.enterprise.feeBasisPoints === null ? '' : basisPointsText(props.enterprise.feeBasisPoints));
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = createSignal<string | null>(null);
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setSaved(null);
    const read = feeBody(text());
    if ('error' in read) {
      setErrors({ form: null, fields: { fee: read.error } });
      focusFieldAtFault({ form: null, fields: { fee: read.error } }, ['fee']);
      return;
    }
    try {
      const answer = await state.api.send<{ basisPoints: number }>('PUT', `/marketplace/enterprises/${props.enterprise.id}/fee`, read.body);
      setSaved(`Saved: ${basisPointsText(answer.basisPoints)} % from now on; what was attributed before keeps the fee of its time.`);
      props.onSaved();
    } catch (err) {
      const found = formErrors(problemOf(err), ['fee'], { basisPoints: 'fee' });
      setErrors(found);
      focusFieldAtFault(found, ['fee']);
    }
  };
  return (
    <form class="card form" onSubmit={save} novalidate aria-labelledby="fee-title">
      <h2 id="fee-title">Marketplace fee</h2>
      <p class="muted small">Withheld from the commission of this enterprise’s associates. Now: {feeText(props.enterprise.feeBasisPoints)}.</p>
      <Field label="Fee (%)" name="fee" inputmode="decimal" hint="0 to 100, at most two decimals, e.g. 2.5" value={text()} onInput={(e) => setText(e.currentTarget.value)} error={errors().fields.fee} />
      <FormMessage message={errors().form} />
      <Notice message={saved()} class="saved" />
      <button type="submit" class="primary">
        Set the fee
      </button>
    </form>
  );
}

/** The first owner: invited by the operator until an owner has set a password (then the owners invite). */
function InviteOwner(props: { enterpriseId: string }): JSX.Element {
  const state = useConsole();
  const [email, setEmail] = createSignal('');
  const [name, setName] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [sent, setSent] = createSignal<string | null>(null);
  const FIELDS = ['email', 'name'];
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setSent(null);
    try {
      const invited = await state.api.send<UserInvited>('POST', `/marketplace/enterprises/${props.enterpriseId}/users`, { email: email().trim(), name: name().trim() });
      setSent(invited.mailed ? `${invited.user.email} is invited: the link went out by e-mail.` : `${invited.user.email} is invited, but no e-mail went out (no mail server is set up).`);
      setEmail('');
      setName('');
    } catch (err) {
      const found = formErrors(problemOf(err), FIELDS);
      setErrors(found);
      focusFieldAtFault(found, FIELDS);
    }
  };
  return (
    <form class="card form" onSubmit={submit} novalidate aria-labelledby="owner-title">
      <h2 id="owner-title">Invite an owner</h2>
      <p class="muted small">Until an owner has chosen a password, the operator invites one; from then on its owners manage its users.</p>
      <Field label="Owner's e-mail" name="email" type="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} error={errors().fields.email} />
      <Field label="Owner's name" name="name" maxlength="100" value={name()} onInput={(e) => setName(e.currentTarget.value)} error={errors().fields.name} />
      <FormMessage message={errors().form} />
      <Notice message={sent()} class="saved" />
      <button type="submit" class="primary">
        Send the invitation
      </button>
    </form>
  );
}

/** The enterprise's API as its support access sees it (the enterprise named on each request). */
function insideApi(state: ReturnType<typeof useConsole>, enterpriseId: string): Api {
  return createApi({ fetch: (input, init) => window.fetch(input, init), csrfToken: () => state.me()?.csrfToken ?? null, enterpriseId: () => enterpriseId });
}

/** Support access: open one (a reason, a length), see it and end it; inside it, the enterprise's users and its support history. */
function Support(props: { enterprise: MarketplaceEnterprise }): JSX.Element {
  const state = useConsole();
  const [reason, setReason] = createSignal('');
  const [minutes, setMinutes] = createSignal('60');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [error, setError] = createSignal<string | null>(null);
  const open = createMemo(() => openAccessIn(state.me()?.supportAccesses ?? [], props.enterprise.id));
  const inside = insideApi(state, props.enterprise.id);
  const users = useRead((id: string) => inside.get<{ users: EnterpriseUser[] }>('/enterprise/users'), () => (open() ? `${props.enterprise.id}:${open()!.id}` : null));
  const history = useRead(() => inside.get<SupportAccessList>('/enterprise/support-access'), () => (open() ? open()!.id : null));
  const refreshMe = async () => state.setMe(await state.api.get<ConsoleMe>(ACCOUNT.me));
  const FIELDS = ['reason', 'minutes'];
  const start = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    try {
      await state.api.send<SupportAccess>('POST', `/marketplace/enterprises/${props.enterprise.id}/support-access`, { reason: reason().trim(), minutes: Number(minutes()) });
      setReason('');
      await refreshMe();
    } catch (err) {
      const found = formErrors(problemOf(err), FIELDS);
      setErrors(found);
      focusFieldAtFault(found, FIELDS);
    }
  };
  const end = async (access: SupportAccess) => {
    setError(null);
    try {
      await state.api.send('POST', `/marketplace/support-access/${access.id}/end`);
      await refreshMe();
    } catch (err) {
      setError(problemOf(err).message);
    }
  };
  const userColumns: Column<EnterpriseUser>[] = [
    { header: 'Name', accessorKey: 'name', cell: (c) => <span class="strong">{c.getValue<string>()}</span> },
    { header: 'E-mail', accessorKey: 'email' },
    { header: 'Role', accessorKey: 'role', cell: (c) => c.getValue<string>().replace('_', ' ') },
    { header: 'Status', id: 'active', cell: (c) => <span class={`tag ${c.row.original.active ? '' : 'invited'}`}>{c.row.original.active ? 'Active' : 'Invited'}</span> },
  ];
  const historyColumns: Column<SupportAccess>[] = [
    { header: 'Operator', accessorKey: 'operatorEmail' },
    { header: 'Reason', accessorKey: 'reason' },
    { header: 'Started', accessorKey: 'startedAt', cell: (c) => when(c.getValue<string>()) },
    { header: 'For', id: 'length', cell: (c) => lengthText(c.row.original) },
    { header: 'Ended', id: 'ended', cell: (c) => (c.row.original.endedAt ? when(c.row.original.endedAt) : `by ${when(c.row.original.endsAt)}`) },
  ];
  return (
    <section class="card" aria-labelledby="support-title">
      <h2 id="support-title">Support access and users</h2>
      <p class="muted small">An operator acts inside an enterprise only through a support access: recorded in its audit log, with a reason and an end, and shown to its owners, who may end it.</p>
      <Alert message={error()} />
      <Show
        when={open()}
        fallback={
          <form class="form" onSubmit={start} novalidate aria-label="Open a support access">
            <TextAreaField label="Reason (shown to the enterprise)" name="reason" hint="e.g. Ticket 4411: the owner cannot see their sessions" value={reason()} onInput={setReason} error={errors().fields.reason} />
            <SelectField label="For" name="minutes" value={minutes()} options={SUPPORT_MINUTES.map((m) => [String(m), m < 60 ? `${m} minutes` : `${m / 60} hour${m === 60 ? '' : 's'}`] as const)} onChange={setMinutes} error={errors().fields.minutes} />
            <FormMessage message={errors().form} />
            <button type="submit" class="primary">
              Open a support access
            </button>
          </form>
        }
      >
        {(a) => (
          <div class="notice once" role="status">
            <p class="state-title">Support access open until {when(a().endsAt)}</p>
            <p class="muted small">
              “{a().reason}”: {lengthText(a())} from {when(a().startedAt)}. Choose “{props.enterprise.name} (support)” in the enterprise menu to act inside it.
            </p>
            <div class="actions">
              <ConfirmButton label="End the support access" title="End the support access?" confirm="End it" danger onConfirm={() => end(a())}>
                You can no longer act inside {props.enterprise.name} until you open another one.
              </ConfirmButton>
            </div>
          </div>
        )}
      </Show>
      <h3>Users</h3>
      <Show when={open()} fallback={<p class="muted small">The enterprise’s users are shown inside a support access.</p>}>
        <Switch>
          <Match when={users.problem()}>{(p) => <ErrorState problem={p()} retry={() => users.refetch()} />}</Match>
          <Match when={!users.data.latest}>
            <Loading what="the users" />
          </Match>
          <Match when={users.data.latest?.users.length === 0}>
            <Empty title="No users yet">Invite its first owner below.</Empty>
          </Match>
          <Match when={users.data.latest}>{(l) => <ServerTable caption="Users" columns={userColumns} rows={l().users} rowKey={(u) => u.id} />}</Match>
        </Switch>
        <h3>Support accesses</h3>
        <Switch>
          <Match when={history.problem()}>{(p) => <ErrorState problem={p()} retry={() => history.refetch()} />}</Match>
          <Match when={!history.data.latest}>
            <Loading what="the support accesses" />
          </Match>
          <Match when={history.data.latest}>{(l) => <ServerTable caption="Support accesses" columns={historyColumns} rows={l().accesses} rowKey={(a) => a.id} />}</Match>
        </Switch>
      </Show>
    </section>
  );
}

/** One enterprise as the operator sees it: its figures, fee, sites, users and support access; suspend or resume. */
export default function MarketplaceEnterprisePage(): JSX.Element {
  const state = useConsole();
  const params = useParams();
  const location = useLocation<{ notice?: string }>();
  const [error, setError] = createSignal<string | null>(null);
  const list = useRead(() => state.api.get<MarketplaceEnterpriseList>('/marketplace/enterprises', { sort: 'name' }));
  const enterprise = () => list.data.latest?.enterprises.find((e) => e.id === params.id);
  return (
    <section class="page-section wide">
      <p>
        <A href="/marketplace/enterprises">← Enterprises</A>
      </p>
      <Switch>
        <Match when={list.problem()}>{(p) => <ErrorState problem={p()} retry={() => list.refetch()} />}</Match>
        <Match when={!list.data.latest}>
          <Loading what="the enterprise" />
        </Match>
        <Match when={!enterprise()}>
          <Empty title="No such enterprise">It is not in the marketplace: go back to the enterprises.</Empty>
        </Match>
        <Match when={enterprise()}>
          {(e) => (
            <>
              <div class="page-head">
                <h1>
                  {e().name} <span class={`tag ${STANDING_CLASS[standingOf(e())]}`}>{STANDING_LABELS[standingOf(e())]}</span>
                </h1>
                <SuspensionButton
                  enterprise={e()}
                  onDone={() => {
                    setError(null);
                    void list.refetch();
                  }}
                  onError={setError}
                />
              </div>
              <p class="lead">
                Created {when(e().createdAt)}
                <Show when={e().suspendedAt}>; suspended {when(e().suspendedAt)}: its keys and users are refused</Show>.
              </p>
              <Show when={location.state?.notice}>
                <p class="saved" role="status">
                  {location.state?.notice}
                </p>
              </Show>
              <Alert message={error()} />
              <dl class="facts-grid" aria-label="Its figures">
                <div>
                  <dt>Sites</dt>
                  <dd>{e().figures.sites}</dd>
                </div>
                <div>
                  <dt>Associates</dt>
                  <dd>{e().figures.associates}</dd>
                </div>
                <div>
                  <dt>Engaged per opportunity (7 d)</dt>
                  <dd>{percent(engagementRate(e().figures))}</dd>
                </div>
                <div>
                  <dt>Revenue (7 d)</dt>
                  <dd>
                    <For each={revenueLines(e().figures.revenue7d)} fallback="—">
                      {(line) => <div>{line}</div>}
                    </For>
                  </dd>
                </div>
              </dl>
              <BarChart
                label="Last 7 days"
                summary={`Last 7 days: ${e().figures.sessions7d} sessions, ${e().figures.opportunities7d} opportunities, ${e().figures.engagements7d} engagements.`}
                labels={['Sessions', 'Opportunities', 'Engagements']}
                values={[e().figures.sessions7d, e().figures.opportunities7d, e().figures.engagements7d]}
                height={200}
              />
              <Sites enterpriseId={e().id} onChanged={() => void list.refetch()} />
              <Support enterprise={e()} />
              <div class="split">
                <Fee enterprise={e()} onSaved={() => void list.refetch()} />
                <InviteOwner enterpriseId={e().id} />
              </div>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
