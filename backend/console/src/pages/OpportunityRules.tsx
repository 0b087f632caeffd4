import { A } from '@solidjs/router';
import { Tabs } from '@kobalte/core/tabs';
import { createEffect, createMemo, createSignal, For, Index, type JSX, Match, on, Show, Switch } from 'solid-js';
import type { AuditPage } from '../../../../shared/console';
import { MAX_CONDITION_DEPTH, type OpportunityRulesHistory, type OpportunityRulesVersion, type UnreadableVersion } from '../../../../shared/rules';
import { type RulesDiffView, sameValue } from '../../../../shared/rules-diff';
import type { OpportunityRulesPreview, PreviewSession } from '../../../../shared/rules-preview';
import { type Problem, problemOf } from '../api.core';
import { ConfirmButton } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage, SelectField } from '../components/Field';
import { Empty, ErrorState, Loading, Notice } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, firstFieldAtFault, NO_ERRORS } from '../form.core';
import { mayChange, mayOpen } from '../nav.core';
import {
  CONDITION_KINDS,
  type ConditionAt,
  type ConditionDraft,
  checkDraft,
  conditionDefaults,
  conditionText,
  defaultDiffPair,
  diffLines,
  draftToRules,
  issuesOnFields,
  newRule,
  previewRows,
  previewScoreText,
  type RuleDraft,
  type RulesDraft,
  refusalOnFields,
  rulesFieldNames,
  rulesToDraft,
  updateCondition,
  versionAuthors,
  WEEKDAYS,
  withKind,
} from '../rules/rules.core';
import { useConsole } from '../state';

const API = '/rules/opportunity';

/** What the condition editors share: each field's words, the change of one condition, and whether the form is read only. */
interface EditorContext {
  err: (path: string) => string | undefined;
  change: (at: ConditionAt, fn: (c: ConditionDraft) => ConditionDraft) => void;
  readOnly: boolean;
}

const GROUPS = new Set(['all', 'any', 'not']);

/** One condition: its kind and the fields of that kind; all / any / not hold their inner conditions, edited the same way. */
function ConditionEditor(props: { cond: () => ConditionDraft; at: ConditionAt; path: string; depth: number; ctx: EditorContext; onRemove?: () => void; label: string }): JSX.Element {
  const p = props.path;
  const c = props.cond;
  const set = (patch: Partial<ConditionDraft>) => props.ctx.change(props.at, (x) => ({ ...x, ...patch }));
  const err = props.ctx.err;
  const ro = props.ctx.readOnly;
  // Past the deepest nesting the schema takes, groups are not offered.
  const kinds = () => (props.depth >= MAX_CONDITION_DEPTH ? CONDITION_KINDS.filter(([k]) => !GROUPS.has(k)) : CONDITION_KINDS);
  const text = (label: string, field: keyof ConditionDraft, hint?: string, extra: JSX.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} name={`${p}.${field}`} hint={hint} readOnly={ro} value={String(c()[field])} onInput={(e) => set({ [field]: e.currentTarget.value } as Partial<ConditionDraft>)} error={err(`${p}.${field}`)} {...extra} />
  );
  const money = () => text('Currency', 'currency', 'ISO 4217, e.g. EUR', { maxlength: 3, autocomplete: 'off' });
  return (
    <div class="condition" classList={{ nested: props.depth > 1, invalid: !!err(p) }}>
      <Show when={err(p)}>
        <p class="field-error">{err(p)}</p>
      </Show>
      <div class="row-fields">
        <Show
          when={!ro}
          fallback={<Field label={props.label} name={`${p}.type`} readOnly value={CONDITION_KINDS.find(([k]) => k === c().type)?.[1] ?? c().type} />}
        >
          <SelectField label={props.label} name={`${p}.type`} value={c().type} options={kinds()} onChange={(v) => props.ctx.change(props.at, (x) => withKind(x, v as ConditionDraft['type']))} error={err(`${p}.type`)} />
        </Show>
        <Switch>
          <Match when={c().type === 'dwell'}>{text('Seconds on the product, at least', 'seconds', '1 to 86400', { inputmode: 'numeric' })}</Match>
          <Match when={c().type === 'product_price'}>
            {text('Price from', 'min', 'e.g. 100.00; empty: no floor', { inputmode: 'decimal' })}
            {text('Price up to', 'max', 'empty: no ceiling', { inputmode: 'decimal' })}
            {money()}
          </Match>
          <Match when={c().type === 'category'}>{text('Category', 'path', 'Parts joined with >, e.g. Audio > Headphones')}</Match>
          <Match when={c().type === 'repeat_views'}>{text('Views of the same product, at least', 'views', '2 or more', { inputmode: 'numeric' })}</Match>
          {/* Each label is fixed in its Match: a label read from the condition would make the input anew at each keystroke. */}
          <Match when={c().type === 'cart_value'}>
            {text('Cart value, at least', 'min', 'e.g. 500.00', { inputmode: 'decimal' })}
            {money()}
          </Match>
          <Match when={c().type === 'lifetime_value'}>
            {text('Lifetime value, at least', 'min', 'e.g. 500.00', { inputmode: 'decimal' })}
            {money()}
          </Match>
          <Match when={c().type === 'search_terms'}>{text('Search words', 'words', 'Comma-separated; any of them')}</Match>
          <Match when={c().type === 'returning'}>
            <p class="muted small">Holds for a shopper seen before on the enterprise’s sites.</p>
          </Match>
          <Match when={c().type === 'customer_tier'}>{text('Customer tiers', 'tiers', 'Comma-separated; any of them')}</Match>
          <Match when={c().type === 'customer_tag'}>{text('Customer tag', 'tag', 'e.g. vip')}</Match>
          <Match when={c().type === 'time_of_day'}>
            {text('From', 'from', 'HH:MM, in the rules’ time zone', { type: 'time' })}
            {text('To', 'to', 'Earlier than From: wraps past midnight', { type: 'time' })}
          </Match>
          <Match when={c().type === 'site'}>{text('Sites', 'domains', 'Comma-separated domains, e.g. volt.example')}</Match>
        </Switch>
      </div>
      <Show when={c().type === 'time_of_day'}>
        <fieldset class="days" classList={{ invalid: !!err(`${p}.days`) }}>
          <legend>Days (none ticked: every day)</legend>
          <For each={WEEKDAYS}>
            {([day, name]) => (
              <label class="check">
                <input
                  type="checkbox"
                  name={`${p}.days`}
                  value={day}
                  disabled={ro}
                  checked={c().days.includes(day)}
                  onChange={(e) => set({ days: e.currentTarget.checked ? [...c().days, day] : c().days.filter((d) => d !== day) })}
                />
                {name}
              </label>
            )}
          </For>
          <Show when={err(`${p}.days`)}>
            <span class="field-error">{err(`${p}.days`)}</span>
          </Show>
        </fieldset>
      </Show>
      <Show when={c().type === 'all' || c().type === 'any'}>
        <Show when={err(`${p}.of`)}>
          <p class="field-error">{err(`${p}.of`)}</p>
        </Show>
        <Index each={c().of}>
          {(inner, j) => (
            <ConditionEditor
              cond={inner}
              at={{ rule: props.at.rule, inner: [...props.at.inner, j] }}
              path={`${p}.of.${j}`}
              depth={props.depth + 1}
              ctx={props.ctx}
              label={`${c().type === 'all' ? 'And' : 'Or'} ${j + 1}`}
              onRemove={() => set({ of: c().of.filter((_, k) => k !== j) })}
            />
          )}
        </Index>
        <Show when={!ro}>
          <button type="button" class="small-button add-inner" onClick={() => set({ of: [...c().of, conditionDefaults('dwell')] })}>
            Add to “{c().type === 'all' ? 'all of these' : 'any of these'}”
          </button>
        </Show>
      </Show>
      <Show when={c().type === 'not' && c().of[0]}>
        <ConditionEditor cond={() => c().of[0]!} at={{ rule: props.at.rule, inner: [...props.at.inner, 0] }} path={`${p}.of`} depth={props.depth + 1} ctx={props.ctx} label="Does not hold" />
      </Show>
      <Show when={props.onRemove && !ro}>
        <button type="button" class="link danger" onClick={() => props.onRemove?.()}>
          Remove {props.label.toLowerCase()}
        </button>
      </Show>
    </div>
  );
}

/** One rule: its id, points and description, and its condition. */
function RuleEditor(props: { rule: () => RuleDraft; i: number; count: number; ctx: EditorContext; setRule: (patch: Partial<RuleDraft>) => void; remove: () => void }): JSX.Element {
  const p = `conditions.${props.i}`;
  const err = props.ctx.err;
  const ro = props.ctx.readOnly;
  return (
    <fieldset class="rule" classList={{ invalid: !!err(p) }}>
      <legend>
        Condition {props.i + 1}: {props.rule().id || 'unnamed'}
      </legend>
      <Show when={err(p)}>
        <p class="field-error">{err(p)}</p>
      </Show>
      <div class="row-fields">
        <Field label="Id" name={`${p}.id`} hint="Names it in an opportunity’s reasons" readOnly={ro} value={props.rule().id} onInput={(e) => props.setRule({ id: e.currentTarget.value })} error={err(`${p}.id`)} autocomplete="off" />
        <Field label="Points" name={`${p}.points`} hint="Added when it holds; may be negative" readOnly={ro} inputmode="decimal" value={props.rule().points} onInput={(e) => props.setRule({ points: e.currentTarget.value })} error={err(`${p}.points`)} />
        <Field label="Description" name={`${p}.description`} hint="Optional, shown with the reasons" readOnly={ro} value={props.rule().description} onInput={(e) => props.setRule({ description: e.currentTarget.value })} error={err(`${p}.description`)} />
      </div>
      <ConditionEditor cond={() => props.rule().when} at={{ rule: props.i, inner: [] }} path={`${p}.when`} depth={1} ctx={props.ctx} label="Holds when" />
      <Show when={!ro}>
        <div class="actions">
          <button type="button" class="small-button danger" onClick={() => props.remove()} disabled={props.count <= 1}>
            Remove condition {props.i + 1}
          </button>
        </div>
      </Show>
    </fieldset>
  );
}

/** Side by side: what the draft would have opened over the last day, and what the live version did. */
function PreviewResult(props: { preview: OpportunityRulesPreview; stale: boolean }): JSX.Element {
  const pv = () => props.preview;
  const differing = (title: string, d: OpportunityRulesPreview['onlyDraft'], none: string) => (
    <div class="card">
      <h3>
        {title}: {d.count}
      </h3>
      <Show when={d.sample.length > 0} fallback={<p class="muted small">{none}</p>}>
        <ul class="plain-list sessions-differ">
          <For each={d.sample}>
            {(s: PreviewSession) => (
              <li>
                <A href={`/sessions/${encodeURIComponent(s.sessionId)}`}>Session of {when(s.at)}</A>
                <span class="muted small"> draft {previewScoreText(s.draft)}; live {previewScoreText(s.live)}</span>
              </li>
            )}
          </For>
        </ul>
        <Show when={d.count > d.sample.length}>
          <p class="muted small">The {d.sample.length} most recent shown.</p>
        </Show>
      </Show>
    </div>
  );
  return (
    <section class="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Over the last day: the draft beside the live version</h2>
      <p class="muted small">
        {pv().evaluated} session{pv().evaluated === 1 ? '' : 's'} from {when(pv().since)} to {when(pv().until)}
        {pv().truncated ? ' (the most recent only: more fell in the window)' : ''}. Both would have opened {pv().both}. Nothing was written.
      </p>
      <Show when={props.stale}>
        <p class="notice small" role="status">
          The draft changed since this preview: preview again to see the change.
        </p>
      </Show>
      <div class="table-scroll server-table">
        <table>
          <caption class="sr-only">The draft’s figures beside the live version’s</caption>
          <thead>
            <tr>
              <th scope="col">Over the last day</th>
              <th scope="col" class="num">
                Draft
              </th>
              <th scope="col" class="num">
                {pv().live ? `Live (v${pv().live!.version})` : 'Live (none)'}
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={previewRows(pv())}>
              {(row) => (
                <tr>
                  <th scope="row">{row.label}</th>
                  <td class="num strong">{row.draft}</td>
                  <td class="num">{row.live ?? '—'}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="split differ">
        {differing('Only the draft opens', pv().onlyDraft, 'No session the live version leaves alone.')}
        {differing('Only the live version opens', pv().onlyLive, 'No session the draft would leave alone.')}
      </div>
    </section>
  );
}

/** The versions: who made each and when, any two compared, an old one made live again. */
function Versions(props: {
  history: OpportunityRulesVersion[];
  unreadable: UnreadableVersion[];
  authors: Map<number, { who: string; restoredFrom: number | null }> | null;
  live: number | null;
  canChange: boolean;
  restore: (version: number) => Promise<void>;
}): JSX.Element {
  const state = useConsole();
  const initial = defaultDiffPair(props.history);
  const [from, setFrom] = createSignal(initial?.from ?? 0);
  const [to, setTo] = createSignal(initial?.to ?? 0);
  // A new version (a save, a restore) compares itself with the one before.
  createEffect(
    on(
      () => props.live,
      () => {
        const pair = defaultDiffPair(props.history);
        if (pair) {
          setFrom(pair.from);
          setTo(pair.to);
        }
      },
      { defer: true },
    ),
  );
  const diff = useRead(
    (k: { from: number; to: number }) => state.api.get<RulesDiffView>(`${API}/diff`, k),
    () => (from() && to() ? { from: from(), to: to() } : false),
  );
  const options = () => props.history.map((v) => [String(v.version), `Version ${v.version}${v.version === props.live ? ' (live)' : ''}`] as const);
  const columns = (): Column<OpportunityRulesVersion>[] => [
    { header: 'Version', id: 'version', cell: (c) => <span class="strong">v{c.row.original.version}</span> },
    { header: 'Made', id: 'made', cell: (c) => when(c.row.original.createdAt) },
    ...(props.authors
      ? [
          {
            header: 'By',
            id: 'by',
            cell: (c: { row: { original: OpportunityRulesVersion } }) => {
              const a = props.authors?.get(c.row.original.version);
              return a ? `${a.who}${a.restoredFrom ? ` (restored v${a.restoredFrom})` : ''}` : '—';
            },
          } as Column<OpportunityRulesVersion>,
        ]
      : []),
    {
      header: 'Rules',
      id: 'summary',
      cell: (c) => {
        const d = c.row.original.document;
        return `${d.conditions.length} condition${d.conditions.length === 1 ? '' : 's'}, threshold ${d.threshold}, cool-down ${d.cooldownMinutes} min`;
      },
    },
    {
      header: 'State',
      id: 'actions',
      cell: (c) => {
        const v = c.row.original.version;
        return (
          <div class="row-actions">
            <Show
              when={v !== props.live}
              fallback={<span class="tag">Live</span>}
            >
              <Show when={props.canChange} fallback={<span class="muted small">Earlier</span>}>
                <ConfirmButton label={`Restore v${v}`} title={`Restore version ${v}?`} confirm={`Restore version ${v}`} onConfirm={() => props.restore(v)}>
                  Version {v}’s rules become live again, written as a new version after v{props.live}. Nothing is deleted: every version stays in the history, and the change is in the audit log.
                </ConfirmButton>
              </Show>
            </Show>
          </div>
        );
      },
    },
  ];
  return (
    <>
      <ServerTable caption="Versions of the opportunity rules, newest first" columns={columns()} rows={props.history} rowKey={(v) => String(v.version)} />
      <Show when={props.unreadable.length > 0}>
        <div class="notice warn-notice" role="note">
          <p>
            {props.unreadable.length === 1 ? 'One older version no longer passes' : `${props.unreadable.length} older versions no longer pass`} today’s checks, so
            {props.unreadable.length === 1 ? ' it is' : ' they are'} neither shown nor restorable:
          </p>
          <ul>
            <For each={props.unreadable}>
              {(v) => (
                <li>
                  Version {v.version}: {v.issues.map((i) => `${i.path.join('.') || 'the rules'}: ${i.message}`).join('; ')}
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
      <Show when={!props.authors}>
        <p class="muted small">Who made each version is in the audit log, which owners and admins read.</p>
      </Show>
      <h2 id="diff-title">Compare two versions</h2>
      <div class="filters" role="group" aria-labelledby="diff-title">
        <SelectField label="From" name="diff.from" value={String(from())} options={options()} onChange={(v) => setFrom(Number(v))} />
        <SelectField label="To" name="diff.to" value={String(to())} options={options()} onChange={(v) => setTo(Number(v))} />
      </div>
      <Switch>
        <Match when={diff.problem()}>{(pb) => <ErrorState problem={pb()} retry={() => diff.refetch()} />}</Match>
        <Match when={!diff.data.latest}>
          <Loading what="the differences" />
        </Match>
        <Match when={diff.data.latest}>
          {(d) => {
            const lines = () => diffLines(d().diff);
            return (
              <Show
                when={lines().length > 0 || d().diff.reordered}
                fallback={<Empty title={d().from === d().to ? 'The same version twice' : 'No difference'}>{d().from === d().to ? 'Choose two versions to see what changed.' : `Versions ${d().from} and ${d().to} hold the same rules.`}</Empty>}
              >
                <div class="table-scroll server-table">
                  <table class="diff">
                    <caption class="sr-only">
                      What changed from version {d().from} to version {d().to}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Where</th>
                        <th scope="col">Change</th>
                        <th scope="col">Field</th>
                        <th scope="col">In v{d().from}</th>
                        <th scope="col">In v{d().to}</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={lines()}>
                        {(l) => (
                          <tr class={`diff-${l.status}`}>
                            <td class="strong">{l.where}</td>
                            <td>
                              <span class={`tag diff-tag ${l.status}`}>{l.status}</span>
                            </td>
                            <td>{l.field}</td>
                            <td class="diff-from">{l.from}</td>
                            <td class="diff-to">{l.to}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
                <p class="muted small">
                  {d().diff.unchanged} condition{d().diff.unchanged === 1 ? '' : 's'} unchanged{d().diff.reordered ? '; the conditions were put in another order' : ''}.
                </p>
              </Show>
            );
          }}
        </Match>
      </Switch>
    </>
  );
}

/** Opportunity rules: the live rules edited as a form, checked as typed, previewed over the last day, saved as versions, any two compared, any one restored. */
export default function OpportunityRules(): JSX.Element {
  const state = useConsole();
  const live = useRead(() =>
    state.api.get<OpportunityRulesVersion>(API).catch((err) => {
      if (problemOf(err).status === 404) return null;
      throw err;
    }),
  );
  const history = useRead(() => state.api.get<OpportunityRulesHistory>(`${API}/versions`));
  const readsAudit = () => mayOpen({ api: '/audit' }, state.viewer());
  const audit = useRead(
    () => state.api.get<AuditPage>('/audit', { q: '/rules/opportunity', limit: 200 }),
    () => readsAudit(),
  );
  const canChange = () => mayChange(state.viewer(), 'PUT', API);
  const [tab, setTab] = createSignal('rules');
  const [draft, setDraft] = createSignal<RulesDraft>(rulesToDraft(null));
  const [server, setServer] = createSignal<FormErrors>(NO_ERRORS);
  const [message, setMessage] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [preview, setPreview] = createSignal<{ result: OpportunityRulesPreview; of: unknown } | null>(null);
  const [previewProblem, setPreviewProblem] = createSignal<Problem | null>(null);
  const [previewing, setPreviewing] = createSignal(false);
  let formEl: HTMLFormElement | undefined;

  const reset = (v: OpportunityRulesVersion | null) => {
    setDraft(rulesToDraft(v?.document ?? null));
    setServer(NO_ERRORS);
    setMessage(null);
    setPreview(null);
    setPreviewProblem(null);
  };
  // The form starts from the live rules, and again whenever another version becomes live.
  createEffect(
    on(
      () => live.data.latest,
      (v) => {
        if (v !== undefined) reset(v);
      },
    ),
  );

  const checked = createMemo(() => checkDraft(draft()));
  const local = createMemo<FormErrors>(() => {
    const c = checked();
    return c.ok ? NO_ERRORS : issuesOnFields(c.issues, draft());
  });
  const err = (path: string) => server().fields[path] ?? local().fields[path];
  const document = createMemo(() => draftToRules(draft()));
  const dirty = () => {
    const v = live.data.latest;
    return v ? !sameValue(document(), v.document) : true;
  };
  const edit = (next: (d: RulesDraft) => RulesDraft) => {
    setDraft(next);
    // The server's words were about the draft as sent; the schema's own go on being checked as typed.
    setServer(NO_ERRORS);
    setMessage(null);
    setSaved(null);
  };
  const ctx: EditorContext = {
    err,
    change: (at, fn) => edit((d) => updateCondition(d, at, fn)),
    get readOnly() {
      return !canChange();
    },
  };
  const focusFirst = (errors: FormErrors) => {
    const first = firstFieldAtFault(errors, rulesFieldNames(draft()));
    if (first) queueMicrotask(() => formEl?.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus());
  };
  /** The draft, when the schema takes it; else its issues shown and the first field focused. */
  const readyDraft = (): unknown | null => {
    const c = checked();
    if (c.ok) return document();
    setMessage(local().form ?? 'Some fields need another look: see the fields marked.');
    focusFirst(local());
    return null;
  };

  const refresh = (v: OpportunityRulesVersion) => {
    live.mutate(v);
    history.refetch();
    if (readsAudit()) audit.refetch();
  };
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const body = readyDraft();
    if (body === null) return;
    setBusy(true);
    try {
      const v = await state.api.send<OpportunityRulesVersion>('PUT', API, body);
      refresh(v);
      setSaved(`Saved: version ${v.version} is live.`);
    } catch (error) {
      const found = refusalOnFields(problemOf(error), draft());
      setServer(found);
      setMessage(found.form);
      focusFirst(found);
    } finally {
      setBusy(false);
    }
  };
  const runPreview = async () => {
    const body = readyDraft();
    if (body === null) return;
    setPreviewing(true);
    setPreviewProblem(null);
    try {
      setPreview({ result: await state.api.send<OpportunityRulesPreview>('POST', `${API}/preview`, body), of: body });
    } catch (error) {
      const problem = problemOf(error);
      const found = refusalOnFields(problem, draft());
      if (Object.keys(found.fields).length) {
        setServer(found);
        setMessage(found.form);
        focusFirst(found);
      } else setPreviewProblem(problem);
    } finally {
      setPreviewing(false);
    }
  };
  const restore = async (version: number) => {
    try {
      const v = await state.api.send<OpportunityRulesVersion>('POST', `${API}/versions/${version}/restore`);
      refresh(v);
      setSaved(`Version ${version} restored: it is live as version ${v.version}.`);
    } catch (error) {
      setSaved(null);
      setMessage(problemOf(error).message);
      throw error;
    }
  };

  const liveVersion = () => live.data.latest?.version ?? null;
  const nextVersion = () => Math.max(history.data.latest?.versions[0]?.version ?? 0, history.data.latest?.unreadable[0]?.version ?? 0) + 1;

  return (
    <section class="page-section wide">
      <h1>Opportunity rules</h1>
      <p class="lead">When a shopper’s session is worth an associate’s time: each condition that holds adds its points; at the threshold an opportunity opens, unless the same shopper had one within the cool-down.</p>
      <Notice message={saved()} class="saved" />
      <Switch>
        <Match when={live.problem() ?? history.problem()}>
          {(p) => (
            <ErrorState
              problem={p()}
              retry={() => {
                live.refetch();
                history.refetch();
              }}
            />
          )}
        </Match>
        <Match when={live.data.latest === undefined || !history.data.latest}>
          <Loading what="the rules" />
        </Match>
        <Match when={live.data.latest === null && !canChange()}>
          <Empty title="No opportunity rules yet">Until rules are set, no opportunity opens. An admin, owner or sales lead sets them.</Empty>
        </Match>
        <Match when={true}>
          <Tabs value={tab()} onChange={setTab} class="rules-tabs">
            <Tabs.List class="tabs" aria-label="Opportunity rules">
              <Tabs.Trigger value="rules">{canChange() ? 'Edit the rules' : 'The live rules'}</Tabs.Trigger>
              <Tabs.Trigger value="versions">Versions ({history.data.latest?.versions.length ?? 0})</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="rules" class="tab-panel">
              <Show when={live.data.latest === null}>
                <Empty title="No opportunity rules yet">Until rules are set, no opportunity opens. Start from the condition below, preview it over the last day, then save it.</Empty>
              </Show>
              <Show when={!canChange()}>
                <p class="notice small">Your role reads these rules; an admin, owner or sales lead changes them.</p>
              </Show>
              <form ref={formEl} class="form" onSubmit={save} novalidate aria-label="The opportunity rules">
                <section class="card form" aria-labelledby="settings-title">
                  <h2 id="settings-title">
                    Opening{liveVersion() ? ` (live: version ${liveVersion()})` : ''}
                  </h2>
                  <div class="row-fields">
                    <Field label="Threshold" name="threshold" hint="Points at which an opportunity opens" readOnly={!canChange()} inputmode="decimal" value={draft().threshold} onInput={(e) => edit((d) => ({ ...d, threshold: e.currentTarget.value }))} error={err('threshold')} />
                    <Field label="Cool-down (minutes)" name="cooldownMinutes" hint="None again for the same shopper within; 0 to 10080" readOnly={!canChange()} inputmode="numeric" value={draft().cooldownMinutes} onInput={(e) => edit((d) => ({ ...d, cooldownMinutes: e.currentTarget.value }))} error={err('cooldownMinutes')} />
                    <Field label="Time zone" name="timezone" hint="Of the time-of-day conditions, e.g. Europe/Paris" readOnly={!canChange()} value={draft().timezone} onInput={(e) => edit((d) => ({ ...d, timezone: e.currentTarget.value }))} error={err('timezone')} autocomplete="off" />
                  </div>
                  <h3>Who may serve it</h3>
                  <div class="row-fields">
                    <Show
                      when={canChange()}
                      fallback={<Field label="Category from" name="segment.categoryFrom" readOnly value={draft().segment.categoryFrom === 'fixed' ? 'A fixed category' : 'The product looked at longest'} />}
                    >
                      <SelectField
                        label="Category from"
                        name="segment.categoryFrom"
                        value={draft().segment.categoryFrom}
                        options={[
                          ['top_product', 'The product looked at longest'],
                          ['fixed', 'A fixed category'],
                        ]}
                        onChange={(v) => edit((d) => ({ ...d, segment: { ...d.segment, categoryFrom: v as RulesDraft['segment']['categoryFrom'] } }))}
                        error={err('segment.categoryFrom')}
                      />
                    </Show>
                    <Show when={draft().segment.categoryFrom === 'fixed'}>
                      <Field label="Category" name="segment.category" hint="e.g. Audio > Headphones" readOnly={!canChange()} value={draft().segment.category} onInput={(e) => edit((d) => ({ ...d, segment: { ...d.segment, category: e.currentTarget.value } }))} error={err('segment.category')} />
                    </Show>
                    <Field label="Least accreditation level" name="segment.minLevel" hint="1 to 5" readOnly={!canChange()} inputmode="numeric" value={draft().segment.minLevel} onInput={(e) => edit((d) => ({ ...d, segment: { ...d.segment, minLevel: e.currentTarget.value } }))} error={err('segment.minLevel')} />
                  </div>
                  <Show when={err('segment')}>
                    <p class="field-error">{err('segment')}</p>
                  </Show>
                </section>
                <h2>Conditions and their points</h2>
                <Show when={err('conditions')}>
                  <p class="field-error">{err('conditions')}</p>
                </Show>
                <Index each={draft().conditions}>
                  {(rule, i) => (
                    <RuleEditor
                      rule={rule}
                      i={i}
                      count={draft().conditions.length}
                      ctx={ctx}
                      setRule={(patch) => edit((d) => ({ ...d, conditions: d.conditions.map((r, j) => (j === i ? { ...r, ...patch } : r)) }))}
                      remove={() => edit((d) => ({ ...d, conditions: d.conditions.filter((_, j) => j !== i) }))}
                    />
                  )}
                </Index>
                <Show when={canChange()}>
                  <button type="button" onClick={() => edit((d) => ({ ...d, conditions: [...d.conditions, newRule(d)] }))}>
                    Add a condition
                  </button>
                  <FormMessage message={message()} />
                  <div class="actions sticky-actions">
                    <button type="button" onClick={runPreview} disabled={previewing()}>
                      {previewing() ? 'Previewing…' : 'Preview over the last day'}
                    </button>
                    <button type="submit" class="primary" disabled={busy() || !dirty()}>
                      Save as version {nextVersion()}
                    </button>
                    <Show when={dirty() && live.data.latest}>
                      <button type="button" class="secondary" onClick={() => reset(live.data.latest ?? null)}>
                        Discard changes
                      </button>
                    </Show>
                    <span class="muted small" role="status">
                      {checked().ok ? (dirty() ? 'The draft is valid.' : 'No change from the live version.') : `${local().form ? 'Some issues' : `${Object.keys(local().fields).length} field(s)`} to fix before saving.`}
                    </span>
                  </div>
                </Show>
              </form>
              <Show when={previewProblem()}>{(p) => <ErrorState problem={p()} retry={runPreview} />}</Show>
              <Show when={preview()}>{(p) => <PreviewResult preview={p().result} stale={!sameValue(p().of, document())} />}</Show>
            </Tabs.Content>
            <Tabs.Content value="versions" class="tab-panel">
              <Show when={(history.data.latest?.versions.length ?? 0) > 0} fallback={<Empty title="No versions yet">Each save of the rules is a version, kept here.</Empty>}>
                <Versions
                  history={history.data.latest!.versions}
                  unreadable={history.data.latest!.unreadable}
                  authors={readsAudit() ? (audit.data.latest ? versionAuthors(audit.data.latest.entries) : null) : null}
                  live={liveVersion()}
                  canChange={canChange()}
                  restore={restore}
                />
              </Show>
            </Tabs.Content>
          </Tabs>
        </Match>
      </Switch>
    </section>
  );
}
