import { Slider } from '@kobalte/core/slider';
import { createEffect, createMemo, createSignal, For, Index, type JSX, Match, on, Show, Switch } from 'solid-js';
import type { SessionList } from '../../../../shared/api';
import { type AssociateList, CHANNELS } from '../../../../shared/associates';
import { ACCREDITATION_SOURCES, type DryRunRequest, type DryRunResult, type MatchingRulesVersion, type RuleName } from '../../../../shared/matching';
import type { SessionAggregate } from '../../../../shared/session';
import { problemOf } from '../api.core';
import { Field, FormMessage, SelectField } from '../components/Field';
import { ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { Candidates } from '../matching/Candidates';
import {
  addRule,
  CHANNEL_LABELS,
  checkDraft,
  documentToDraft,
  faultsOf,
  type MatchingDraft,
  newSet,
  type OfferDraft,
  RULE_HINTS,
  RULE_LABELS,
  type RuleDraft,
  rulesLeft,
  type SetDraft,
  SLIDER_MAX,
  SLIDER_STEP,
  setFieldNames,
  SOURCE_LABELS,
  shareText,
  sliderToWeight,
  weightShare,
  weightText,
  weightToSlider,
} from '../matching/matching.core';
import { type CandidateRow, changesSince, explainRanking } from '../matching/ranking.core';
import { mayChange } from '../nav.core';
import { useConsole } from '../state';

/** A shopper to dry-run with when no stored session will do: three minutes on a pair of headphones. */
const SAMPLE: SessionAggregate = {
  eventCount: 6,
  pageViews: 3,
  pagesByKind: { product: 2, listing: 1 },
  products: [
    {
      key: 'sample-wh-1000xm5',
      name: 'Sony WH-1000XM5 wireless headphones',
      url: 'https://example.com/p/wh-1000xm5',
      price: '349.00',
      currency: 'EUR',
      brand: 'Sony',
      category: ['Audio', 'Headphones'],
      availability: 'InStock',
      views: 2,
      dwellMs: 180_000,
      firstSeenAt: '2026-01-01T10:00:00.000Z',
      lastSeenAt: '2026-01-01T10:03:00.000Z',
    },
  ],
  categories: [{ path: ['Audio', 'Headphones'], views: 1 }],
  searches: [],
  dwellMs: 200_000,
  cart: { items: [], value: '0.00', currency: null, totals: [], updatedAt: null },
  sites: [],
  lastUrl: 'https://example.com/p/wh-1000xm5',
  left: false,
  customerId: null,
  customerClaim: null,
};

const OFFER_NUMBERS: [keyof OfferDraft, string, string][] = [
  ['size', 'Associates per broadcast or wave', '1 to 50'],
  ['waveEverySeconds', 'Between waves (s)', 'Waves only; below the give-up time'],
  ['offerSeconds', 'Time to answer an offer (s)', '5 to 600, at most the give-up time'],
  ['giveUpSeconds', 'Give up after (s)', 'Nobody took it: the opportunity ends unserved'],
  ['missesBeforeAway', 'Misses in a row before away', '1 to 100'],
  ['ownAssociateSeconds', 'Own associate first for (s)', 'The associate who served the shopper before; 0 skips'],
];

/** Checkboxes for a few options of which some are chosen (named `name.option`); the words on the whole list under them. */
function CheckGroup<T extends string>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  labels: Record<T, string>;
  checked: readonly T[];
  disabled: boolean;
  error: string | undefined;
  onChange: (checked: T[]) => void;
}): JSX.Element {
  return (
    <fieldset class="check-group">
      <legend>{props.legend}</legend>
      <For each={props.options}>
        {(option) => (
          <label class="check">
            <input
              type="checkbox"
              name={`${props.name}.${option}`}
              checked={props.checked.includes(option)}
              disabled={props.disabled}
              onChange={(e) => props.onChange(e.currentTarget.checked ? [...props.checked, option] : props.checked.filter((o) => o !== option))}
            />
            {props.labels[option]}
          </label>
        )}
      </For>
      <Show when={props.error}>{(e) => <span class="field-error">{e()}</span>}</Show>
    </fieldset>
  );
}

/** One rule: its weight on a slider (and typed exactly), its share of the score, its own options. */
function RuleCard(props: {
  rule: RuleDraft;
  path: string;
  rules: RuleDraft[];
  disabled: boolean;
  err: (path: string) => string | undefined;
  onChange: (patch: Partial<RuleDraft>) => void;
  onRemove: () => void;
}): JSX.Element {
  const label = () => RULE_LABELS[props.rule.rule];
  const [typed, setTyped] = createSignal(weightText(props.rule.weight));
  // The slider moves the typed weight too; typing moves the slider.
  createEffect(
    on(
      () => props.rule.weight,
      (w) => {
        if (Number(typed()) !== w) setTyped(weightText(w));
      },
    ),
  );
  return (
    <fieldset class="rule matching-rule" classList={{ invalid: !!props.err(props.path) }}>
      <legend>{label()}</legend>
      <p class="muted small">{RULE_HINTS[props.rule.rule]}</p>
      <Show when={props.err(props.path) ?? props.err(`${props.path}.rule`)}>
        {(e) => <p class="field-error">{e()}</p>}
      </Show>
      <div class="weight-row">
        <Slider
          class="slider"
          value={[weightToSlider(props.rule.weight)]}
          minValue={0}
          maxValue={SLIDER_MAX}
          step={SLIDER_STEP}
          disabled={props.disabled}
          validationState={props.err(`${props.path}.weight`) ? 'invalid' : 'valid'}
          getValueLabel={() => (Number.isFinite(props.rule.weight) ? weightText(props.rule.weight) : '?')}
          onChange={([v]) => {
            // Only a move of the thumb changes the weight: a weight past the slider's end (shown at its end) is kept until the thumb moves.
            const next = sliderToWeight(v ?? 0);
            if (next !== weightToSlider(props.rule.weight)) props.onChange({ weight: next });
          }}
        >
          <div class="slider-head">
            <Slider.Label class="slider-label">Weight of {label()}</Slider.Label>
            <Slider.ValueLabel class="slider-value" data-testid="weight-value" />
          </div>
          <Slider.Track class="slider-track">
            <Slider.Fill class="slider-fill" />
            {/* No Slider.Input: the weight's own input below is the form's; a range input inside the thumb would nest two controls. */}
            <Slider.Thumb class="slider-thumb" data-rule={props.rule.rule} />
          </Slider.Track>
        </Slider>
        <Field
          label="Exact weight"
          name={`${props.path}.weight`}
          inputmode="decimal"
          disabled={props.disabled}
          value={typed()}
          hint={shareText(weightShare(props.rules, props.rule.weight))}
          error={props.err(`${props.path}.weight`)}
          onInput={(e) => {
            setTyped(e.currentTarget.value);
            const n = Number(e.currentTarget.value.replace(',', '.'));
            props.onChange({ weight: e.currentTarget.value.trim() === '' || !Number.isFinite(n) ? Number.NaN : n });
          }}
        />
      </div>
      <div class="row-fields">
        <Show when={props.rule.rule === 'accreditation'}>
          <SelectField
            label="Use"
            name={`${props.path}.mode`}
            value={props.rule.mode}
            options={[
              ['filter', 'Filter: drop those below the level'],
              ['score', 'Score only'],
            ]}
            error={props.err(`${props.path}.mode`)}
            onChange={(v) => props.onChange({ mode: v as RuleDraft['mode'] })}
          />
          <CheckGroup
            legend="Trust accreditations from"
            name={`${props.path}.sources`}
            options={ACCREDITATION_SOURCES}
            labels={SOURCE_LABELS}
            checked={props.rule.sources}
            disabled={props.disabled}
            error={props.err(`${props.path}.sources`)}
            onChange={(sources) => props.onChange({ sources })}
          />
        </Show>
        <Show when={props.rule.rule === 'channels'}>
          <CheckGroup
            legend="The opportunity needs"
            name={`${props.path}.needs`}
            options={CHANNELS}
            labels={CHANNEL_LABELS}
            checked={props.rule.needs}
            disabled={props.disabled}
            error={props.err(`${props.path}.needs`)}
            onChange={(needs) => props.onChange({ needs })}
          />
        </Show>
        <Show when={props.rule.rule === 'available_now' || props.rule.rule === 'language' || props.rule.rule === 'channels'}>
          <label class="check">
            <input type="checkbox" name={`${props.path}.filter`} checked={props.rule.filter} disabled={props.disabled} onChange={(e) => props.onChange({ filter: e.currentTarget.checked })} />
            Filter: drop who does not pass
          </label>
        </Show>
        <Show when={props.rule.rule === 'conversion_rate' || props.rule.rule === 'response_rate'}>
          <Field label="Prior strength (tries)" name={`${props.path}.priorStrength`} inputmode="decimal" disabled={props.disabled} value={props.rule.priorStrength} error={props.err(`${props.path}.priorStrength`)} onInput={(e) => props.onChange({ priorStrength: e.currentTarget.value })} />
          <Field label="Prior rate (0 to 1)" name={`${props.path}.priorRate`} inputmode="decimal" disabled={props.disabled} value={props.rule.priorRate} error={props.err(`${props.path}.priorRate`)} onInput={(e) => props.onChange({ priorRate: e.currentTarget.value })} />
        </Show>
        <Show when={props.rule.rule === 'longest_idle'}>
          <Field label="Counts up to (s)" name={`${props.path}.capSeconds`} inputmode="numeric" disabled={props.disabled} value={props.rule.capSeconds} error={props.err(`${props.path}.capSeconds`)} onInput={(e) => props.onChange({ capSeconds: e.currentTarget.value })} />
        </Show>
        <Show when={props.rule.rule === 'employment_fit'}>
          <SelectField
            label="Prefer"
            name={`${props.path}.prefer`}
            value={props.rule.prefer}
            options={[
              ['own', 'The enterprise’s own staff'],
              ['marketplace', 'The marketplace’s associates'],
            ]}
            error={props.err(`${props.path}.prefer`)}
            onChange={(v) => props.onChange({ prefer: v as RuleDraft['prefer'] })}
          />
        </Show>
      </div>
      <Show when={!props.disabled}>
        <div class="actions">
          <button type="button" class="small-button danger" onClick={() => props.onRemove()}>
            Remove {label()}
          </button>
        </div>
      </Show>
    </fieldset>
  );
}

/** One rule set's form: name and priority, when it applies, candidates, rules, offer policy. */
function SetEditor(props: { set: SetDraft; index: number; disabled: boolean; err: (path: string) => string | undefined; onChange: (set: SetDraft) => void }): JSX.Element {
  const p = () => `ruleSets.${props.index}`;
  const [adding, setAdding] = createSignal<string>('');
  const patch = (x: Partial<SetDraft>) => props.onChange({ ...props.set, ...x });
  const patchOffer = (x: Partial<OfferDraft>) => patch({ offer: { ...props.set.offer, ...x } });
  const patchRule = (j: number, x: Partial<RuleDraft>) => patch({ rules: props.set.rules.map((r, k) => (k === j ? { ...r, ...x } : r)) });
  const left = () => rulesLeft(props.set);
  return (
    <div class="set-editor">
      <h2 id="set-title">Rule set “{props.set.name || 'unnamed'}”</h2>
      <Show when={props.err(p())}>{(e) => <p class="field-error">{e()}</p>}</Show>
      <div class="row-fields">
        <Field label="Name" name={`${p()}.name`} disabled={props.disabled} value={props.set.name} error={props.err(`${p()}.name`)} onInput={(e) => patch({ name: e.currentTarget.value })} />
        <Field label="Priority" name={`${p()}.priority`} inputmode="numeric" hint="Higher wins when several apply" disabled={props.disabled} value={props.set.priority} error={props.err(`${p()}.priority`)} onInput={(e) => patch({ priority: e.currentTarget.value })} />
        <SelectField
          label="Who may be offered"
          name={`${p()}.candidates`}
          value={props.set.candidates}
          options={[
            ['both', 'Own staff and independents'],
            ['own', 'Own staff only'],
            ['marketplace', 'Independents only'],
          ]}
          error={props.err(`${p()}.candidates`)}
          onChange={(v) => patch({ candidates: v as SetDraft['candidates'] })}
        />
      </div>
      <h3>Applies when</h3>
      <Show when={props.err(`${p()}.when`)}>{(e) => <p class="field-error">{e()}</p>}</Show>
      <div class="row-fields">
        <Field label="Category starts with" name={`${p()}.when.category`} hint="Broadest first, comma-separated: TV, OLED" disabled={props.disabled} value={props.set.category} error={props.err(`${p()}.when.category`)} onInput={(e) => patch({ category: e.currentTarget.value })} />
        <Field label="Sites" name={`${p()}.when.sites`} hint="Domains, comma-separated" disabled={props.disabled} value={props.set.sites} error={props.err(`${p()}.when.sites`)} onInput={(e) => patch({ sites: e.currentTarget.value })} />
        <Field label="Customer tiers" name={`${p()}.when.customerTiers`} hint="Comma-separated" disabled={props.disabled} value={props.set.customerTiers} error={props.err(`${p()}.when.customerTiers`)} onInput={(e) => patch({ customerTiers: e.currentTarget.value })} />
        <Field label="Opportunity score at least" name={`${p()}.when.minScore`} inputmode="decimal" disabled={props.disabled} value={props.set.minScore} error={props.err(`${p()}.when.minScore`)} onInput={(e) => patch({ minScore: e.currentTarget.value })} />
      </div>
      <p class="muted small">Leave all four empty for a rule set that always applies.</p>
      <h3>Rules and their weights</h3>
      <p class="muted small">Each rule scores an associate from 0 to 1; the score is the weighted mean. A filter also drops who does not pass.</p>
      <Show when={props.err(`${p()}.rules`)}>{(e) => <p class="field-error">{e()}</p>}</Show>
      <div class="rules-grid">
        <Index each={props.set.rules}>
          {(rule, j) => (
            <RuleCard
              rule={rule()}
              path={`${p()}.rules.${j}`}
              rules={props.set.rules}
              disabled={props.disabled}
              err={props.err}
              onChange={(x) => patchRule(j, x)}
              onRemove={() => patch({ rules: props.set.rules.filter((_, k) => k !== j) })}
            />
          )}
        </Index>
      </div>
      <Show when={!props.disabled && left().length > 0}>
        <div class="filters add-rule">
          <label>
            <span>Add a rule</span>
            <select value={adding()} onChange={(e) => setAdding(e.currentTarget.value)}>
              <option value="">Choose a rule…</option>
              <For each={left()}>{(r) => <option value={r}>{RULE_LABELS[r]}</option>}</For>
            </select>
          </label>
          <button
            type="button"
            disabled={!adding()}
            onClick={() => {
              props.onChange(addRule(props.set, adding() as RuleName));
              setAdding('');
            }}
          >
            Add
          </button>
        </div>
      </Show>
      <h3>Offer policy</h3>
      <Show when={props.err(`${p()}.offer`)}>{(e) => <p class="field-error">{e()}</p>}</Show>
      <div class="row-fields">
        <SelectField
          label="How offers go out"
          hint="Best first, always"
          name={`${p()}.offer.mode`}
          value={props.set.offer.mode}
          options={[
            ['sequential', 'Sequential: one at a time'],
            ['broadcast', 'Broadcast: several at once'],
            ['waves', 'Waves: several, then more'],
          ]}
          error={props.err(`${p()}.offer.mode`)}
          onChange={(v) => patchOffer({ mode: v as OfferDraft['mode'] })}
        />
        <SelectField
          label="The associate"
          hint="Must: assigned, unanswered is a miss"
          name={`${p()}.offer.priority`}
          value={props.set.offer.priority}
          options={[
            ['may', 'May choose'],
            ['must', 'Must acknowledge'],
          ]}
          error={props.err(`${p()}.offer.priority`)}
          onChange={(v) => patchOffer({ priority: v as OfferDraft['priority'] })}
        />
        <For each={OFFER_NUMBERS}>
          {([key, label, hint]) => (
            <Field
              label={label}
              name={`${p()}.offer.${key}`}
              inputmode="numeric"
              hint={hint}
              disabled={props.disabled}
              value={props.set.offer[key] as string}
              error={props.err(`${p()}.offer.${key}`)}
              onInput={(e) => patchOffer({ [key]: e.currentTarget.value } as Partial<OfferDraft>)}
            />
          )}
        </For>
      </div>
    </div>
  );
}

/** The dry run: a recent session or the sample, ranked by the draft (nothing stored), every candidate's parts. */
function DryRun(props: { draft: MatchingDraft; names: Record<string, string> }): JSX.Element {
  const state = useConsole();
  const sessions = useRead(() => state.api.get<SessionList>('/sessions', { limit: 10 }));
  const [source, setSource] = createSignal('sample');
  const [result, setResult] = createSignal<DryRunResult | null>(null);
  const [rows, setRows] = createSignal<CandidateRow[] | null>(null);
  const [before, setBefore] = createSignal<CandidateRow[] | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const run = async () => {
    setProblem(null);
    const checked = checkDraft(props.draft);
    if (!checked.ok) {
      setProblem('The draft has fields at fault (marked above): fix them to dry-run it.');
      return;
    }
    const body: DryRunRequest = source() === 'sample' ? { aggregate: SAMPLE, rules: checked.document } : { sessionId: source(), rules: checked.document };
    setBusy(true);
    try {
      const answer = await state.api.send<DryRunResult>('POST', '/matching/dry-run', body);
      setBefore(rows());
      setResult(answer);
      setRows(explainRanking(answer, { category: answer.segment.category, names: props.names }));
    } catch (err) {
      const p = problemOf(err);
      setProblem([p.message, ...Object.entries(p.fields).map(([k, v]) => `${k}: ${v}`)].join(' '));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card dry-run" aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">Dry run</h2>
      <p class="muted small">Ranks the enterprise’s associates now with the draft above, for a stored session or a sample shopper. Nothing is saved and nobody is offered anything.</p>
      <div class="filters">
        <label>
          <span>Shopper</span>
          <select name="dry-run-source" value={source()} onChange={(e) => setSource(e.currentTarget.value)}>
            <option value="sample">Sample: 3 min on headphones (Audio › Headphones, 349 EUR)</option>
            <For each={sessions.data.latest?.sessions ?? []}>
              {(s) => (
                <option value={s.id}>
                  Session of {when(s.startedAt)}: {s.aggregate.products.length} products, {s.aggregate.pageViews} pages
                </option>
              )}
            </For>
          </select>
        </label>
        <button type="button" class="primary" data-testid="dry-run" disabled={busy()} onClick={() => void run()}>
          {busy() ? 'Ranking…' : 'Run the dry run'}
        </button>
      </div>
      <FormMessage message={problem()} />
      <Show when={result()}>
        {(r) => (
          <div role="status" aria-live="polite" class="dry-run-result">
            <dl class="kv">
              <dt>Rule set chosen</dt>
              <dd>
                “{r().ruleSet.name}”{r().draft ? ' (the draft)' : ` (version ${r().ruleSet.version})`}
              </dd>
              <dt>Category</dt>
              <dd>
                {r().segment.category.join(' › ') || '—'}, accreditation level {r().segment.minLevel} or more
              </dd>
              <dt>Opportunity score</dt>
              <dd>{Number(r().score.toFixed(2))}</dd>
              <dt>Candidates</dt>
              <dd>
                {r().ranking.length} may be offered, {r().filtered.length} filtered out
              </dd>
            </dl>
            <Show when={(rows() ?? []).length > 0} fallback={<p class="muted">No associate is a candidate: the enterprise has none active, or the rule set admits none.</p>}>
              <Candidates caption="Dry run: candidates and their parts" rows={rows() ?? []} changes={changesSince(before())} />
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}

/** Matching: the rule sets that rank the associates for an opportunity and say how it is offered; edited with the schema's words, dry-run before saving. */
export default function Matching(): JSX.Element {
  const state = useConsole();
  const live = useRead(() =>
    state.api.get<MatchingRulesVersion>('/rules/matching').catch((err) => {
      if (problemOf(err).status === 404) return null;
      throw err;
    }),
  );
  const associates = useRead(() => state.api.get<AssociateList>('/associates').catch(() => ({ associates: [] }) as AssociateList));
  const names = createMemo(() => Object.fromEntries((associates.data.latest?.associates ?? []).map((a) => [a.id, a.displayName])));
  const canChange = () => mayChange(state.viewer(), 'PUT', '/rules/matching');
  const [draft, setDraft] = createSignal<MatchingDraft>({ ruleSets: [] });
  const [chosen, setChosen] = createSignal(0);
  const [server, setServer] = createSignal<FormErrors>(NO_ERRORS);
  const [saved, setSaved] = createSignal<number | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [dirty, setDirty] = createSignal(false);
  createEffect(() => {
    const v = live.data.latest;
    if (v !== undefined && !dirty()) setDraft(documentToDraft(v?.document ?? null));
  });
  const checked = createMemo(() => checkDraft(draft()));
  const local = () => {
    const c = checked();
    return c.ok ? {} : c.fields;
  };
  // The schema's words as the person types; the server's after a refusal, until the next edit.
  const err = (path: string) => server().fields[path] ?? local()[path];
  const allFaults = () => ({ ...local(), ...server().fields });
  const edit = (next: MatchingDraft) => {
    setDraft(next);
    setDirty(true);
    setSaved(null);
    setServer(NO_ERRORS);
  };
  const current = () => draft().ruleSets[chosen()];
  const focusFirst = (fields: Record<string, string>) => {
    const i = draft().ruleSets.findIndex((_, k) => faultsOf(fields, k) > 0);
    if (i < 0) return;
    setChosen(i);
    const first = setFieldNames(draft().ruleSets[i]!, i).find((f) => fields[f]);
    if (first) queueMicrotask(() => document.querySelector<HTMLElement>(`[name="${CSS.escape(first)}"]`)?.focus());
  };
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setServer(NO_ERRORS);
    const c = checked();
    if (!c.ok) {
      setServer({ form: 'Some fields are at fault: see the fields marked.', fields: {} });
      focusFirst(c.fields);
      return;
    }
    setBusy(true);
    try {
      const next = await state.api.send<MatchingRulesVersion>('PUT', '/rules/matching', c.document);
      setDirty(false);
      live.mutate(next);
      setDraft(documentToDraft(next.document));
      setSaved(next.version);
    } catch (error) {
      // The server's words on each path stay on that path's field (and its rule set's row); its message above Save.
      const problem = problemOf(error);
      const found = formErrors(problem, Object.keys(problem.fields));
      setServer({ form: problem.message, fields: found.fields });
      focusFirst(found.fields);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="page-section wide">
      <h1>Matching</h1>
      <p class="lead">Which associates are offered an opportunity, in what order, and how: the rule set of highest priority that applies is used. Try a change with the dry run before saving it.</p>
      <Show when={saved()}>
        <p class="saved" role="status">
          Saved: version {saved()} ranks from now on.
        </p>
      </Show>
      <Switch>
        <Match when={live.problem()}>{(p) => <ErrorState problem={p()} retry={() => live.refetch()} />}</Match>
        <Match when={live.data.latest === undefined}>
          <Loading what="the rule sets" />
        </Match>
        <Match when={true}>
          <Show when={live.data.latest === null}>
            <p class="notice">No rule sets saved yet: the built-in default ranks. {canChange() ? 'The form starts from it; save to make it yours.' : 'A sales lead or an admin sets them.'}</p>
          </Show>
          <Show when={live.data.latest}>{(v) => <p class="muted small">Version {v().version}, saved {when(v().createdAt)}.</p>}</Show>
          <Show when={!canChange()}>
            <p class="muted small" data-testid="read-only">
              Your role reads the rule sets and may dry-run them; a sales lead, an admin or the owner changes them.
            </p>
          </Show>
          <form class="form matching-form" onSubmit={save} novalidate aria-labelledby="sets-title">
            <h2 id="sets-title">Rule sets</h2>
            <div class="table-scroll server-table" tabindex="0" role="region" aria-label="Rule sets">
              <table>
                <caption class="sr-only">The enterprise’s rule sets, highest priority first as they are tried</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Rules</th>
                    <th scope="col">Offers</th>
                    <th scope="col">Fields at fault</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <Index each={draft().ruleSets}>
                    {(s, i) => (
                      <tr classList={{ chosen: chosen() === i }}>
                        <td>
                          <button type="button" class="link" aria-pressed={chosen() === i} onClick={() => setChosen(i)}>
                            {s().name || 'unnamed'}
                          </button>
                        </td>
                        <td class="num">{s().priority}</td>
                        <td>{s().rules.map((r) => `${RULE_LABELS[r.rule]} ${Number.isFinite(r.weight) ? weightText(r.weight) : '?'}`).join(', ')}</td>
                        <td>
                          {s().offer.mode}, {s().offer.priority}
                        </td>
                        <td>
                          <Show when={faultsOf(allFaults(), i) > 0} fallback={<span class="muted">None</span>}>
                            <span class="tag warn">{faultsOf(allFaults(), i)}</span>
                          </Show>
                        </td>
                        <td>
                          <Show when={canChange() && draft().ruleSets.length > 1}>
                            <button
                              type="button"
                              class="small-button danger"
                              onClick={() => {
                                edit({ ruleSets: draft().ruleSets.filter((_, k) => k !== i) });
                                setChosen(0);
                              }}
                            >
                              Remove “{s().name}”
                            </button>
                          </Show>
                        </td>
                      </tr>
                    )}
                  </Index>
                </tbody>
              </table>
            </div>
            <Show when={canChange()}>
              <button
                type="button"
                onClick={() => {
                  edit({ ruleSets: [...draft().ruleSets, newSet(draft())] });
                  setChosen(draft().ruleSets.length - 1);
                }}
              >
                Add a rule set
              </button>
            </Show>
            <Show when={server().fields.ruleSets ?? local().ruleSets}>{(e) => <p class="field-error">{e()}</p>}</Show>
            <Show when={current()}>
              {(set) => (
                // Disabled as a whole for a role that only reads: every select and input of the rule set with it.
                <fieldset class="bare" disabled={!canChange()}>
                <SetEditor
                  set={set()}
                  index={chosen()}
                  disabled={!canChange()}
                  err={err}
                  onChange={(next) => edit({ ruleSets: draft().ruleSets.map((s, k) => (k === chosen() ? next : s)) })}
                />
                </fieldset>
              )}
            </Show>
            <FormMessage message={server().form} />
            <Show when={canChange()}>
              <div class="actions">
                <button type="submit" class="primary" disabled={busy()}>
                  Save the rule sets
                </button>
                <Show when={dirty()}>
                  <button
                    type="button"
                    class="secondary"
                    onClick={() => {
                      setDirty(false);
                      setServer(NO_ERRORS);
                      setDraft(documentToDraft(live.data.latest?.document ?? null));
                    }}
                  >
                    Discard the changes
                  </button>
                  <span class="muted small">Not saved yet.</span>
                </Show>
              </div>
            </Show>
          </form>
          <DryRun draft={draft()} names={names()} />
        </Match>
      </Switch>
    </section>
  );
}
