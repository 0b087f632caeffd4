import { Dialog } from '@kobalte/core/dialog';
import { A, useNavigate } from '@solidjs/router';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { EnterpriseSort, MarketplaceEnterprise, MarketplaceEnterpriseList, SiteView, UserInvited } from '../../../../shared/console';
import { problemOf } from '../api.core';
import { ConfirmButton, DialogActions, DialogFrame } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage, focusFieldAtFault } from '../components/Field';
import { Alert, Empty, ErrorState, Loading, Notice } from '../components/States';
import { day, useRead } from '../data';
import { type FormErrors, NO_ERRORS } from '../form.core';
import {
  type CreationStep,
  checkNewEnterprise,
  creationBodies,
  feeText,
  NEW_ENTERPRISE_FIELDS,
  type NewEnterprise,
  remainingSteps,
  revenueLines,
  STANDING_CLASS,
  STANDING_LABELS,
  sortingOf,
  sortOf,
  standingOf,
  stepErrors,
  totalsOf,
} from '../marketplace/marketplace.core';
import { useConsole } from '../state';

const EMPTY_FORM: NewEnterprise = { name: '', siteName: '', domain: '', ownerEmail: '', ownerName: '' };

/**
 * Creates an enterprise, its first site and its first owner (three routes, the form checked with
 * the shared contracts first); a refusal half-way keeps what was done and the next try goes on from there.
 */
function CreateDialog(props: { onCreated: (id: string, mailed: boolean) => void; onChanged: () => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const [form, setForm] = createSignal<NewEnterprise>(EMPTY_FORM);
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [done, setDone] = createSignal<CreationStep[]>([]);
  const [createdId, setCreatedId] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const set = (patch: Partial<NewEnterprise>) => setForm((f) => ({ ...f, ...patch }));
  const fail = (found: FormErrors) => {
    setErrors(found);
    focusFieldAtFault(found, NEW_ENTERPRISE_FIELDS);
  };
  const reset = () => {
    setForm(EMPTY_FORM);
    setErrors(NO_ERRORS);
    setDone([]);
    setCreatedId(null);
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const checked = checkNewEnterprise(form());
    if (Object.keys(checked.fields).length) return fail(checked);
    const bodies = creationBodies(form());
    setBusy(true);
    let mailed = false;
    for (const step of remainingSteps(done())) {
      try {
        if (step === 'enterprise') {
          const created = await state.api.send<MarketplaceEnterprise>('POST', '/marketplace/enterprises', bodies.enterprise);
          setCreatedId(created.id);
          props.onChanged();
        } else if (step === 'site') {
          await state.api.send<SiteView>('POST', `/marketplace/enterprises/${createdId()}/sites`, bodies.site);
        } else {
          mailed = (await state.api.send<UserInvited>('POST', `/marketplace/enterprises/${createdId()}/users`, bodies.owner)).mailed;
        }
        setDone((d) => [...d, step]);
      } catch (err) {
        setBusy(false);
        const found = stepErrors(step, problemOf(err));
        const kept = done().includes('enterprise') ? `${bodies.enterprise.name} was created; ${step === 'site' ? 'its site' : 'its owner'} was refused. Correct it and send again.` : null;
        return fail({ form: [kept, found.form].filter(Boolean).join(' ') || null, fields: found.fields });
      }
    }
    setBusy(false);
    const id = createdId()!;
    setOpen(false);
    reset();
    props.onCreated(id, mailed);
  };
  const locked = (step: CreationStep) => done().includes(step);
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (!o && done().length) reset();
        setOpen(o);
      }}
    >
      <Dialog.Trigger class="primary">Create an enterprise</Dialog.Trigger>
      <DialogFrame title="Create an enterprise" description="Its name, its first site and its first owner: the owner gets a link by e-mail to choose a password (7 days), then manages the enterprise's users.">
        <form onSubmit={submit} novalidate class="form">
          <Field label="Enterprise name" name="name" required maxlength="100" disabled={locked('enterprise')} value={form().name} onInput={(e) => set({ name: e.currentTarget.value })} error={errors().fields.name} />
          <Field label="Site domain" name="domain" required hint="A host name, e.g. shop.example.com (unique across the marketplace)" disabled={locked('site')} value={form().domain} onInput={(e) => set({ domain: e.currentTarget.value })} error={errors().fields.domain} />
          <Field label="Site name" name="siteName" maxlength="100" hint="The domain when left empty" disabled={locked('site')} value={form().siteName} onInput={(e) => set({ siteName: e.currentTarget.value })} error={errors().fields.siteName} />
          <Field label="Owner's e-mail" name="ownerEmail" type="email" required value={form().ownerEmail} onInput={(e) => set({ ownerEmail: e.currentTarget.value })} error={errors().fields.ownerEmail} />
          <Field label="Owner's name" name="ownerName" required maxlength="100" value={form().ownerName} onInput={(e) => set({ ownerName: e.currentTarget.value })} error={errors().fields.ownerName} />
          <FormMessage message={errors().form} />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy()}>
              {done().length ? 'Send again' : 'Create'}
            </button>
            <Dialog.CloseButton class="secondary" aria-label="Cancel">
              {done().length ? 'Close' : 'Cancel'}
            </Dialog.CloseButton>
          </div>
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** Suspends or resumes one enterprise after a confirmation. */
export function SuspensionButton(props: { enterprise: MarketplaceEnterprise; onDone: (e: MarketplaceEnterprise) => void; onError: (message: string) => void }): JSX.Element {
  const state = useConsole();
  const act = async (what: 'suspend' | 'resume') => {
    try {
      props.onDone(await state.api.send<MarketplaceEnterprise>('POST', `/marketplace/enterprises/${props.enterprise.id}/${what}`));
    } catch (err) {
      props.onError(problemOf(err).message);
    }
  };
  return (
    <Show
      when={props.enterprise.suspendedAt}
      fallback={
        <ConfirmButton label="Suspend" danger title={`Suspend ${props.enterprise.name}?`} confirm="Suspend" onConfirm={() => act('suspend')}>
          Its API keys and its console users are refused (403) until it is resumed; its shoppers get no more offers. Operators can still help through a support access.
        </ConfirmButton>
      }
    >
      <ConfirmButton label="Resume" title={`Resume ${props.enterprise.name}?`} confirm="Resume" onConfirm={() => act('resume')}>
        Its keys and users work again from now on.
      </ConfirmButton>
    </Show>
  );
}

const count = (id: EnterpriseSort, header: string): Column<MarketplaceEnterprise> => ({ id, header, enableSorting: true, accessorFn: (e) => e.figures[id as keyof MarketplaceEnterprise['figures']], cell: (c) => <span class="num">{c.getValue<number>()}</span> });

/** Enterprises: every enterprise of the marketplace with its figures side by side, sorted by the server; create, suspend, resume. */
export default function MarketplaceEnterprises(): JSX.Element {
  const state = useConsole();
  const navigate = useNavigate();
  const [sort, setSort] = createSignal<EnterpriseSort>('name');
  const list = useRead((s: EnterpriseSort) => state.api.get<MarketplaceEnterpriseList>('/marketplace/enterprises', { sort: s }), sort);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const columns: Column<MarketplaceEnterprise>[] = [
    {
      id: 'name',
      header: 'Enterprise',
      accessorKey: 'name',
      enableSorting: true,
      cell: (c) => (
        <div class="stacked">
          <A href={`/marketplace/enterprises/${c.row.original.id}`}>{c.getValue<string>()}</A>
          <span class={`tag ${STANDING_CLASS[standingOf(c.row.original)]}`}>{STANDING_LABELS[standingOf(c.row.original)]}</span>
          <span class="muted small nowrap">Fee {feeText(c.row.original.feeBasisPoints)}</span>
          <span class="muted small nowrap">Since {day(c.row.original.createdAt)}</span>
        </div>
      ),
    },
    count('sites', 'Sites'),
    count('associates', 'Associates'),
    count('sessions7d', 'Sessions'),
    count('opportunities7d', 'Opportunities'),
    count('engagements7d', 'Engagements'),
    { id: 'revenue', header: 'Revenue', enableSorting: false, cell: (c) => <For each={revenueLines(c.row.original.figures.revenue7d)} fallback={<span class="muted">—</span>}>{(line) => <div class="num">{line}</div>}</For> },
    {
      id: 'actions',
      enableSorting: false,
      header: () => <span class="sr-only">Actions</span>,
      cell: (c) => (
        <div class="row-actions">
          <SuspensionButton
            enterprise={c.row.original}
            onDone={(e) => {
              setActionError(null);
              setNotice(`${e.name} is ${e.suspendedAt ? 'suspended' : 'resumed'}.`);
              void list.refetch();
            }}
            onError={setActionError}
          />
        </div>
      ),
    },
  ];
  const totals = () => totalsOf(list.data.latest?.enterprises ?? []);
  return (
    <section class="page-section wide">
      <div class="page-head">
        <h1>Enterprises</h1>
        <CreateDialog
          onChanged={() => void list.refetch()}
          onCreated={(id, mailed) => {
            const notice = mailed ? 'The enterprise is created; its owner’s invitation went out by e-mail.' : 'The enterprise is created; no e-mail went out (no mail server is set up): invite the owner again once one is.';
            navigate(`/marketplace/enterprises/${id}`, { state: { notice } });
          }}
        />
      </div>
      <p class="lead">Every enterprise of the marketplace side by side; sessions, opportunities, engagements and revenue are of the last 7 days. Sort by a figure to see who is busiest, or quiet.</p>
      <Notice message={notice()} class="saved" />
      <Alert message={actionError()} />
      <Switch>
        <Match when={list.problem()}>{(p) => <ErrorState problem={p()} retry={() => list.refetch()} />}</Match>
        <Match when={!list.data.latest}>
          <Loading what="the enterprises" />
        </Match>
        <Match when={list.data.latest?.enterprises.length === 0}>
          <Empty title="No enterprises yet">Create the first one: its name, its first site and its owner.</Empty>
        </Match>
        <Match when={list.data.latest}>
          {(l) => (
            <>
              <dl class="facts-grid" aria-label="The marketplace, last 7 days">
                <div>
                  <dt>Enterprises</dt>
                  <dd>
                    {totals().enterprises}
                    <Show when={totals().suspended}>
                      <span class="muted small"> ({totals().suspended} suspended)</span>
                    </Show>
                  </dd>
                </div>
                <div>
                  <dt>Sessions (7 d)</dt>
                  <dd>{totals().sessions7d}</dd>
                </div>
                <div>
                  <dt>Opportunities (7 d)</dt>
                  <dd>{totals().opportunities7d}</dd>
                </div>
                <div>
                  <dt>Engagements (7 d)</dt>
                  <dd>{totals().engagements7d}</dd>
                </div>
              </dl>
              <div class="dense-table">
                <ServerTable caption="Enterprises" columns={columns} rows={l().enterprises} rowKey={(e) => e.id} sorting={sortingOf(sort())} onSortingChange={(s) => setSort(sortOf(s))} />
              </div>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
