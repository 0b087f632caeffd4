import { createSignal, For, Index, type JSX, Match, Show, Switch } from 'solid-js';
import type { CommissionPlanView } from '../../../../shared/commission';
import { problemOf } from '../api.core';
import { Field, FormMessage, SelectField } from '../components/Field';
import { Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, firstFieldAtFault, formErrors, NO_ERRORS } from '../form.core';
import { mayChange } from '../nav.core';
import { basisPointsText } from '../sales/money.core';
import { conditionsText, emptyRule, formToPlan, moveRule, payText, type PlanForm, planFieldNames, planToForm, type RuleForm } from '../sales/plan.core';
import { useConsole } from '../state';

/** The plan being edited: rules in order, each with its conditions and what it pays. */
function PlanEditor(props: { plan: CommissionPlanView | null; onSaved: (plan: CommissionPlanView) => void; onCancel: () => void }): JSX.Element {
  const state = useConsole();
  const [form, setForm] = createSignal<PlanForm>(planToForm(props.plan));
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = createSignal(false);
  let formEl!: HTMLFormElement;
  const err = (path: string) => errors().fields[path];
  const setRule = (i: number, patch: Partial<RuleForm>) => setForm((f) => ({ ...f, rules: f.rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  const focusFirst = (e: FormErrors) => {
    const first = firstFieldAtFault(e, planFieldNames(form()));
    if (first) queueMicrotask(() => (formEl.querySelector(`[name="${first}"]`) as HTMLElement | null)?.focus());
  };
  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const read = formToPlan(form());
    if (!read.ok) {
      const local = { form: 'Some figures cannot be read: see the fields marked.', fields: read.fields };
      setErrors(local);
      focusFirst(local);
      return;
    }
    setBusy(true);
    try {
      props.onSaved(await state.api.send<CommissionPlanView>('PUT', '/commission/plan', read.plan));
    } catch (err) {
      const found = formErrors(problemOf(err), planFieldNames(form()));
      setErrors(found);
      focusFirst(found);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={formEl} class="form card" onSubmit={save} novalidate aria-labelledby="plan-edit-title">
      <h2 id="plan-edit-title">Edit the plan</h2>
      <p class="muted small">The first rule that matches a credited line pays it. The new plan is in force from when it is saved; what was attributed before keeps the plan of its time.</p>
      <div class="row-fields">
        <Field label="Currency" name="currency" maxlength="3" value={form().currency} onInput={(e) => setForm((f) => ({ ...f, currency: e.currentTarget.value }))} error={err('currency')} hint="ISO 4217, e.g. EUR" />
        <Field label="Hold (days)" name="holdDays" inputmode="numeric" value={form().holdDays} onInput={(e) => setForm((f) => ({ ...f, holdDays: e.currentTarget.value }))} error={err('holdDays')} hint="Until an entry locks, 0 to 365" />
      </div>
      <Show when={err('rules')}>
        <p class="field-error">{err('rules')}</p>
      </Show>
      <Index each={form().rules} fallback={<p class="muted">No rules: nothing is paid. Add one.</p>}>
        {(ruleOf, i) => {
                    const p = () => `rules.${i}`;
          return (
            <fieldset class="rule" classList={{ invalid: !!err(p()) }}>
              <legend>
                Rule {i + 1}: {ruleOf().id || 'unnamed'}
              </legend>
              <Show when={err(p())}>
                <p class="field-error" role="alert">
                  {err(p())}
                </p>
              </Show>
              <div class="row-fields">
                <Field label="Rule id" name={`${p()}.id`} value={ruleOf().id} onInput={(e) => setRule(i, { id: e.currentTarget.value })} error={err(`${p()}.id`)} />
                <Field label="Category starts with" name={`${p()}.when.categoryPrefix`} hint="e.g. Audio > Headphones" value={ruleOf().categoryPrefix} onInput={(e) => setRule(i, { categoryPrefix: e.currentTarget.value })} error={err(`${p()}.when.categoryPrefix`)} />
                <Field label="SKUs" name={`${p()}.when.skus`} hint="Comma-separated" value={ruleOf().skus} onInput={(e) => setRule(i, { skus: e.currentTarget.value })} error={err(`${p()}.when.skus`)} />
                <SelectField label="Associates" name={`${p()}.when.employment`} value={ruleOf().employment} options={[['', 'Anyone'], ['employed', 'Employees'], ['independent', 'Independents']]} onChange={(v) => setRule(i, { employment: v as RuleForm['employment'] })} error={err(`${p()}.when.employment`)} />
                <Field label="Customer tiers" name={`${p()}.when.customerTiers`} hint="Comma-separated" value={ruleOf().customerTiers} onInput={(e) => setRule(i, { customerTiers: e.currentTarget.value })} error={err(`${p()}.when.customerTiers`)} />
              </div>
              <div class="row-fields">
                <SelectField label="Pays" name={`${p()}.pay.kind`} value={ruleOf().kind} options={[['rate', 'A rate of the line'], ['fixed', 'A fixed amount']]} onChange={(v) => setRule(i, { kind: v as RuleForm['kind'] })} />
                <Show
                  when={ruleOf().kind === 'rate'}
                  fallback={
                    <>
                      <Field label={`Amount (${form().currency || '—'})`} name={`${p()}.pay.amountMinor`} inputmode="decimal" value={ruleOf().amount} onInput={(e) => setRule(i, { amount: e.currentTarget.value })} error={err(`${p()}.pay.amountMinor`)} />
                      <SelectField label="Per" name={`${p()}.pay.per`} value={ruleOf().per} options={[['line', 'Line'], ['order', 'Order']]} onChange={(v) => setRule(i, { per: v as RuleForm['per'] })} error={err(`${p()}.pay.per`)} />
                    </>
                  }
                >
                  <Field label="Rate (%)" name={`${p()}.pay.basisPoints`} inputmode="decimal" value={ruleOf().rate} onInput={(e) => setRule(i, { rate: e.currentTarget.value })} error={err(`${p()}.pay.basisPoints`)} />
                  <SelectField
                    label="Monthly tiers"
                    name={`${p()}.pay.tiers`}
                    value={ruleOf().tiersMode}
                    options={[['', 'None'], ['whole', 'On the whole month once reached'], ['marginal', 'On what is past each threshold']]}
                    onChange={(v) => setRule(i, { tiersMode: v as RuleForm['tiersMode'], tiers: v && ruleOf().tiers.length === 0 ? [{ from: '', rate: '' }] : ruleOf().tiers })}
                    error={err(`${p()}.pay.tiers`)}
                  />
                </Show>
              </div>
              <Show when={ruleOf().kind === 'rate' && ruleOf().tiersMode}>
                <Index each={ruleOf().tiers}>
                  {(tier, j) => (
                    <div class="row-fields">
                      <Field label={`Tier ${j + 1} from (${form().currency || '—'})`} name={`${p()}.pay.tiers.steps.${j}.fromMinor`} inputmode="decimal" value={tier().from} onInput={(e) => setRule(i, { tiers: ruleOf().tiers.map((t, k) => (k === j ? { ...t, from: e.currentTarget.value } : t)) })} error={err(`${p()}.pay.tiers.steps.${j}.fromMinor`)} />
                      <Field label={`Tier ${j + 1} rate (%)`} name={`${p()}.pay.tiers.steps.${j}.basisPoints`} inputmode="decimal" value={tier().rate} onInput={(e) => setRule(i, { tiers: ruleOf().tiers.map((t, k) => (k === j ? { ...t, rate: e.currentTarget.value } : t)) })} error={err(`${p()}.pay.tiers.steps.${j}.basisPoints`)} />
                      <button type="button" class="link danger" onClick={() => setRule(i, { tiers: ruleOf().tiers.filter((_, k) => k !== j) })}>
                        Remove tier {j + 1}
                      </button>
                    </div>
                  )}
                </Index>
                <button type="button" class="small-button" onClick={() => setRule(i, { tiers: [...ruleOf().tiers, { from: '', rate: '' }] })}>
                  Add a tier
                </button>
              </Show>
              <div class="actions">
                <button type="button" class="small-button" disabled={i === 0} onClick={() => setForm((f) => moveRule(f, i, -1))} aria-label={`Move rule ${i + 1} up`}>
                  Up
                </button>
                <button type="button" class="small-button" disabled={i === form().rules.length - 1} onClick={() => setForm((f) => moveRule(f, i, 1))} aria-label={`Move rule ${i + 1} down`}>
                  Down
                </button>
                <button type="button" class="small-button danger" onClick={() => setForm((f) => ({ ...f, rules: f.rules.filter((_, j) => j !== i) }))}>
                  Remove rule {i + 1}
                </button>
              </div>
            </fieldset>
          );
        }}
      </Index>
      <button type="button" onClick={() => setForm((f) => ({ ...f, rules: [...f.rules, emptyRule(f.rules.length + 1)] }))}>
        Add a rule
      </button>
      <FormMessage message={errors().form} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          Save the plan
        </button>
        <button type="button" class="secondary" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Commission: the plan in force (rules in order, tiers, hold, the marketplace fee) and its editing. */
export default function Commission(): JSX.Element {
  const state = useConsole();
  const plan = useRead(() =>
    state.api.get<CommissionPlanView>('/commission/plan').catch((err) => {
      if (problemOf(err).status === 404) return null;
      throw err;
    }),
  );
  const [editing, setEditing] = createSignal(false);
  const [saved, setSaved] = createSignal<number | null>(null);
  const canChange = () => mayChange(state.viewer(), 'PUT', '/commission/plan');
  return (
    <section class="page-section">
      <div class="page-head">
        <h1>Commission</h1>
        <Show when={canChange() && !editing() && plan.data.latest !== undefined}>
          <button type="button" class="primary" onClick={() => (setSaved(null), setEditing(true))}>
            {plan.data.latest ? 'Edit the plan' : 'Set a plan'}
          </button>
        </Show>
      </div>
      <p class="lead">What the associates earn on the orders attributed to them: ordered rules, the first that matches a line pays it; monthly tiers; a hold before an entry is payable.</p>
      <Show when={saved()}>
        <p class="saved" role="status">
          Saved: version {saved()} is in force.
        </p>
      </Show>
      <Switch>
        <Match when={plan.problem()}>{(p) => <ErrorState problem={p()} retry={() => plan.refetch()} />}</Match>
        <Match when={plan.data.latest === undefined}>
          <Loading what="the plan" />
        </Match>
        <Match when={editing()}>
          <PlanEditor
            plan={plan.data.latest ?? null}
            onCancel={() => setEditing(false)}
            onSaved={(p) => {
              plan.mutate(p);
              setEditing(false);
              setSaved(p.version);
            }}
          />
        </Match>
        <Match when={plan.data.latest === null}>
          <Empty title="No plan yet">Until a plan is set, attributed orders earn no commission.{canChange() ? ' Set one with the button above.' : ' An admin of the enterprise sets it.'}</Empty>
        </Match>
        <Match when={plan.data.latest}>
          {(p) => (
            <>
              <dl class="facts-grid">
                <div>
                  <dt>Version</dt>
                  <dd>{p().version}</dd>
                </div>
                <div>
                  <dt>In force since</dt>
                  <dd>{when(p().effectiveFrom)}</dd>
                </div>
                <div>
                  <dt>Currency</dt>
                  <dd>{p().currency}</dd>
                </div>
                <div>
                  <dt>Hold</dt>
                  <dd>{p().holdDays} days</dd>
                </div>
                <div>
                  <dt>Marketplace fee</dt>
                  <dd>{basisPointsText(p().feeBasisPoints)} % of the commission</dd>
                </div>
              </dl>
              <h2>Rules, in order</h2>
              <Show when={p().rules.length > 0} fallback={<Empty title="No rules">This plan pays nothing.</Empty>}>
                <div class="table-scroll server-table">
                  <table>
                    <caption class="sr-only">The plan’s rules, the first that matches pays</caption>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">Rule</th>
                        <th scope="col">When</th>
                        <th scope="col">Pays</th>
                      </tr>
                    </thead>
                    <tbody>
                      <For each={p().rules}>
                        {(r, i) => (
                          <tr>
                            <td>{i() + 1}</td>
                            <td class="strong">{r.id}</td>
                            <td>{conditionsText(r)}</td>
                            <td>{payText(r, p().currency)}</td>
                          </tr>
                        )}
                      </For>
                    </tbody>
                  </table>
                </div>
              </Show>
              <p class="muted small">
                Set by {p().setBy === 'operator' ? 'the marketplace (its fee changed)' : 'the enterprise'} on {when(p().createdAt)}. The fee is the marketplace’s, withheld from the associate’s commission.
              </p>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}
