import { Dialog } from '@kobalte/core/dialog';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { AdmissionSent, EnterpriseAdmissionList, IndependentListing, IndependentPage } from '../../../../shared/associates';
import type { QuestionBankList } from '../../../../shared/accreditation-tests';
import { problemOf } from '../api.core';
import { DialogActions, DialogFrame } from '../components/Confirm';
import { type Column, cursorPager, ServerTable } from '../components/DataTable';
import { FormMessage, SelectField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading, Notice } from '../components/States';
import { day, useRead } from '../data';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { type DirectoryFilters, directoryQuery, filtered, mayInvite, NO_FILTERS, recordLines, SOURCE_LABEL, type Standing, standingOf } from '../independents.core';
import { mayChange } from '../nav.core';
import { currentCursor, FIRST_PAGE, pageNumber } from '../pager.core';
import { useConsole } from '../state';

const PAGE_SIZE = 25;
const FILTER_FIELDS = ['category', 'minLevel', 'language', 'timezone'] as const;

const STANDING: Record<Standing, string> = { admitted: 'Admitted', invited: 'Invited', declined: 'Declined', withdrawn: 'Left', none: 'Not invited' };

type Bank = QuestionBankList['banks'][number];

/** Invites one independent from the directory, optionally requiring one of the enterprise's published tests first. */
function InviteDialog(props: { listing: IndependentListing; banks: Bank[]; onInvited: (sent: AdmissionSent) => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const [bankId, setBankId] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const options = (): [string, string][] => [['', 'No test: they may accept at once'], ...props.banks.map((b): [string, string] => [b.id, `${b.title} (${b.category.join(' › ')}, level ${b.level})`])];
  const chosen = () => props.banks.find((b) => b.id === bankId());
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setBusy(true);
    try {
      const sent = await state.api.send<AdmissionSent>('POST', '/associates/admissions', { associateId: props.listing.id, ...(bankId() ? { requiredBankId: bankId() } : {}) });
      setOpen(false);
      props.onInvited(sent);
    } catch (err) {
      setErrors(formErrors(problemOf(err), ['requiredBankId']));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (o) {
          setBankId('');
          setErrors(NO_ERRORS);
        }
        setOpen(o);
      }}
    >
      <Dialog.Trigger class="small-button" aria-label={`Invite ${props.listing.displayName}`}>
        Invite
      </Dialog.Trigger>
      <DialogFrame title={`Invite ${props.listing.displayName}`} description="They see the invitation in the extension’s agent mode and accept or decline it; once they accept they join this enterprise’s associates and can be offered its shoppers.">
        <form onSubmit={submit} novalidate class="form">
          <SelectField
            label="Require our test first"
            name="requiredBankId"
            value={bankId()}
            options={options()}
            hint={props.banks.length === 0 ? 'This enterprise has no published test yet.' : 'One of this enterprise’s published tests: they must pass it before they can accept.'}
            error={errors().fields.requiredBankId}
            onChange={setBankId}
          />
          <p class="confirm-line" data-testid="invite-confirmation">
            <Show when={chosen()} fallback={<>{props.listing.displayName} can accept as soon as they see the invitation.</>}>
              {(b) => (
                <>
                  {props.listing.displayName} must pass “{b().title}” (level {b().level}) before they can accept.
                </>
              )}
            </Show>
          </p>
          <FormMessage message={errors().form} />
          <div aria-busy={busy()}>
            <DialogActions submit="Send the invitation" />
          </div>
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** The marketplace's approved independents, to invite: filtered and paged by the server. */
export default function Independents(): JSX.Element {
  const state = useConsole();
  const [draft, setDraft] = createSignal<DirectoryFilters>(NO_FILTERS);
  const [filters, setFilters] = createSignal<DirectoryFilters>(NO_FILTERS);
  const [pager, setPager] = createSignal(FIRST_PAGE);
  const [sent, setSent] = createSignal<string | null>(null);
  const page = useRead(
    (q: { filters: DirectoryFilters; cursor: string | null }) => state.api.get<IndependentPage>('/independents', directoryQuery(q.filters, PAGE_SIZE, q.cursor)),
    () => ({ filters: filters(), cursor: currentCursor(pager()) }),
  );
  const canInvite = () => mayChange(state.viewer(), 'POST', '/associates/admissions');
  // The enterprise's published tests, to require; and its invitations, for the test each waiting one requires.
  const banks = useRead(() => state.api.get<QuestionBankList>('/question-banks'));
  const invitations = useRead(() => state.api.get<EnterpriseAdmissionList>('/associates/admissions'));
  const published = () => (banks.data.latest?.banks ?? []).filter((b) => b.owner === 'enterprise' && b.published);
  const requiredOf = (id: string) => invitations.data.latest?.admissions.find((a) => a.associate?.id === id && a.status === 'invited')?.requiredTest ?? null;
  // A refused filter (an unknown zone, a language that is not a subtag) is shown on its field, not as the page's error.
  const fault = (): FormErrors => {
    const p = page.problem();
    return p ? formErrors(p, FILTER_FIELDS) : NO_ERRORS;
  };
  const fieldFault = () => Object.keys(fault().fields).length > 0;
  const patch = (p: Partial<DirectoryFilters>) => setDraft((d) => ({ ...d, ...p }));
  const apply = (e: SubmitEvent) => {
    e.preventDefault();
    setFilters(draft());
    setPager(FIRST_PAGE);
  };
  const clear = () => {
    setDraft(NO_FILTERS);
    setFilters(NO_FILTERS);
    setPager(FIRST_PAGE);
  };
  const invited = (listing: IndependentListing, answer: AdmissionSent) => {
    setSent(`${listing.displayName}: ${answer.message}`);
    // The row says "invited" at once; the server's lists follow.
    page.mutate((p) => p && { ...p, independents: p.independents.map((l) => (l.id === listing.id ? { ...l, invitation: 'invited' as const } : l)) });
    void invitations.refetch();
  };

  const filterField = (name: (typeof FILTER_FIELDS)[number], label: string, input: JSX.Element) => (
    <label classList={{ invalid: !!fault().fields[name] }}>
      <span>{label}</span>
      {input}
      <Show when={fault().fields[name]}>
        <span id={`independents-${name}-error`} class="field-error">
          {fault().fields[name]}
        </span>
      </Show>
    </label>
  );
  const described = (name: string) => (fault().fields[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `independents-${name}-error` } : {});

  const columns: Column<IndependentListing>[] = [
    {
      header: 'Name, languages, zone',
      accessorKey: 'displayName',
      cell: (c) => (
        <div>
          <span class="strong nowrap">{c.getValue<string>()}</span>
          <div class="small nowrap">
            {c.row.original.languages.join(', ') || '—'} · {c.row.original.timezone}
          </div>
          <div class="muted small nowrap">approved {day(c.row.original.approvedAt)}</div>
        </div>
      ),
    },
    {
      header: 'Wants to sell',
      id: 'categories',
      cell: (c) => (
        <span class="chips">
          <For each={c.row.original.categories} fallback={<span class="muted">none said</span>}>
            {(path) => <span class="chip">{path.join(' › ')}</span>}
          </For>
        </span>
      ),
    },
    {
      header: 'Passed tests',
      id: 'accreditations',
      cell: (c) => (
        <ul class="plain-list small passed-tests">
          <For each={c.row.original.accreditations} fallback={<li class="muted">none</li>}>
            {(a) => (
              <li>
                <span class="strong nowrap">
                  {a.category.join(' › ')} · level {a.level}
                </span>
                <div class="muted nowrap">
                  {SOURCE_LABEL[a.source].toLowerCase()}, until {day(a.expiresAt)}
                </div>
              </li>
            )}
          </For>
        </ul>
      ),
    },
    {
      header: 'Record',
      id: 'record',
      cell: (c) => (
        <div data-testid="record">
          <span class="nowrap">{recordLines(c.row.original.record).counts}</span>
          <Show when={recordLines(c.row.original.record).share}>{(share) => <div class="muted small nowrap">{share()}</div>}</Show>
        </div>
      ),
    },
    {
      header: 'With us',
      id: 'standing',
      cell: (c) => {
        const standing = () => standingOf(c.row.original);
        return (
          <div data-testid="standing" class="standing">
            <Show when={standing() !== 'none'} fallback={<span class="muted nowrap">{STANDING.none}</span>}>
              <span class={`tag ${standing() === 'invited' ? 'invited' : standing() === 'admitted' ? '' : 'inactive'}`}>{STANDING[standing()]}</span>
            </Show>
            <Show when={standing() === 'invited' && requiredOf(c.row.original.id)}>{(t) => <div class="muted small">test first: {t().title}</div>}</Show>
            <Show when={canInvite() && mayInvite(c.row.original)}>
              <InviteDialog listing={c.row.original} banks={published()} onInvited={(s) => invited(c.row.original, s)} />
            </Show>
          </div>
        );
      },
    },
  ];

  return (
    <section class="page-section wide">
      <h1>Find independents</h1>
      <p class="lead">
        The marketplace’s approved independent associates, to invite. Passed tests: the marketplace’s and this enterprise’s own, still valid. Record: their engagements on the whole marketplace
        with an outcome recorded, how many of those ended in a sale, and that share.
      </p>
      <form class="filters" onSubmit={apply} role="search" aria-label="Filter the independents" novalidate>
        {filterField('category', 'Category', <input type="search" name="category" maxlength="300" placeholder="e.g. Audio > Headphones" value={draft().category} onInput={(e) => patch({ category: e.currentTarget.value })} {...described('category')} />)}
        {filterField(
          'minLevel',
          'Tested at least',
          <select name="minLevel" value={draft().minLevel} onChange={(e) => patch({ minLevel: e.currentTarget.value })} {...described('minLevel')}>
            <option value="">Any level</option>
            <For each={[1, 2, 3, 4, 5]}>{(l) => <option value={String(l)}>Level {l}</option>}</For>
          </select>,
        )}
        {filterField('language', 'Language', <input type="text" name="language" maxlength="8" placeholder="e.g. de" value={draft().language} onInput={(e) => patch({ language: e.currentTarget.value })} {...described('language')} />)}
        {filterField('timezone', 'Time zone', <input type="text" name="timezone" maxlength="64" placeholder="e.g. Europe/Berlin" value={draft().timezone} onInput={(e) => patch({ timezone: e.currentTarget.value })} {...described('timezone')} />)}
        <button type="submit" class="primary">
          Filter
        </button>
        <Show when={filtered(filters()) || filtered(draft())}>
          <button type="button" onClick={clear}>
            Clear
          </button>
        </Show>
      </form>
      <Notice message={sent()} />
      <Switch>
        <Match when={page.problem() && fieldFault()}>
          <Alert message={fault().form ?? 'The filters were refused: see the field at fault.'} />
        </Match>
        <Match when={page.problem()}>{(p) => <ErrorState problem={p()} retry={() => page.refetch()} />}</Match>
        <Match when={!page.data.latest}>
          <Loading what="the independents" />
        </Match>
        <Match when={page.data.latest?.independents.length === 0 && pageNumber(pager()) === 1}>
          <Empty title={filtered(filters()) ? 'Nobody matches' : 'No approved independents yet'}>
            {filtered(filters()) ? 'Try a broader category, a lower level, or no language or zone.' : 'Independents appear here once the marketplace approves their application.'}
          </Empty>
        </Match>
        <Match when={page.data.latest}>
          {(p) => <ServerTable caption="Approved independents" columns={columns} rows={p().independents} rowKey={(l) => l.id} pager={cursorPager(pager, setPager, p().next)} />}
        </Match>
      </Switch>
    </section>
  );
}
