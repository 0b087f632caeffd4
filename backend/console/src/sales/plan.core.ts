/**
 * The commission plan as a form: every figure as the person types it (a rate as a percentage, an
 * amount in the plan's currency's major unit, lists as comma-separated text), and back to the
 * plan document `PUT /api/v1/commission/plan` takes. Each input is named by the API's path
 * (`rules.0.pay.basisPoints`), so the server's words on a path land on that input; what the form
 * cannot read itself (a percentage with three decimals) it says in the same way, before sending.
 */
import type { CommissionPlanBody, CommissionPlanView } from '../../../../shared/commission';
import { minorUnits } from '../../../../shared/catalog';
import { decimalAmount } from '../../../src/modules/commission/commission.core';
import { basisPointsOf, basisPointsText, listOf } from './money.core';

export interface TierForm {
  /** The threshold in major units ("1000.00"). */
  from: string;
  /** The rate as a percentage ("7.5"). */
  rate: string;
}

export interface RuleForm {
  id: string;
  categoryPrefix: string;
  /** Comma-separated. */
  skus: string;
  employment: '' | 'employed' | 'independent';
  /** Comma-separated. */
  customerTiers: string;
  kind: 'rate' | 'fixed';
  /** kind rate: a percentage. */
  rate: string;
  /** '' for no tiers. */
  tiersMode: '' | 'whole' | 'marginal';
  tiers: TierForm[];
  /** kind fixed: an amount in major units. */
  amount: string;
  per: 'line' | 'order';
}

export interface PlanForm {
  currency: string;
  holdDays: string;
  rules: RuleForm[];
}

type Rule = CommissionPlanBody['rules'][number];

export function emptyRule(n: number): RuleForm {
  return { id: `rule-${n}`, categoryPrefix: '', skus: '', employment: '', customerTiers: '', kind: 'rate', rate: '5', tiersMode: '', tiers: [], amount: '', per: 'line' };
}

/** The plan in force (or none yet) as the form shows it. */
export function planToForm(plan: CommissionPlanView | CommissionPlanBody | null): PlanForm {
  if (!plan) return { currency: 'USD', holdDays: '30', rules: [] };
  const currency = plan.currency;
  return {
    currency,
    holdDays: String(plan.holdDays),
    rules: plan.rules.map((r: Rule) => {
      const base: RuleForm = {
        ...emptyRule(0),
        id: r.id,
        categoryPrefix: r.when?.categoryPrefix ?? '',
        skus: (r.when?.skus ?? []).join(', '),
        employment: r.when?.employment ?? '',
        customerTiers: (r.when?.customerTiers ?? []).join(', '),
      };
      if (r.pay.kind === 'fixed') return { ...base, kind: 'fixed', rate: '', amount: decimalAmount(r.pay.amountMinor, currency), per: r.pay.per };
      return {
        ...base,
        kind: 'rate',
        rate: basisPointsText(r.pay.basisPoints),
        tiersMode: r.pay.tiers?.mode ?? '',
        tiers: (r.pay.tiers?.steps ?? []).map((s) => ({ from: decimalAmount(s.fromMinor, currency), rate: basisPointsText(s.basisPoints) })),
      };
    }),
  };
}

/** The form's fields by API path, in the form's order: where a refusal is shown, and the first at fault is focused. */
export function planFieldNames(form: PlanForm): string[] {
  const names = ['currency', 'holdDays', 'rules'];
  form.rules.forEach((r, i) => {
    const p = `rules.${i}`;
    names.push(p, `${p}.id`, `${p}.when.categoryPrefix`, `${p}.when.skus`, `${p}.when.employment`, `${p}.when.customerTiers`);
    if (r.kind === 'rate') {
      names.push(`${p}.pay.basisPoints`, `${p}.pay.tiers`);
      r.tiers.forEach((_, j) => names.push(`${p}.pay.tiers.steps.${j}.fromMinor`, `${p}.pay.tiers.steps.${j}.basisPoints`));
    } else names.push(`${p}.pay.amountMinor`, `${p}.pay.per`);
  });
  return names;
}

/**
 * The plan document of a form, or the fields the form cannot read (by the same paths as the
 * server's). Conditions left empty are left out; what is typed is sent as typed otherwise, for
 * the server to judge (an unknown currency, a rate past 100 %).
 */
export function formToPlan(form: PlanForm): { ok: true; plan: CommissionPlanBody } | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const currency = form.currency.trim().toUpperCase();
  const hold = form.holdDays.trim();
  if (!/^\d{1,4}$/.test(hold)) fields.holdDays = 'a whole number of days, 0 to 365';
  const amount = (text: string, path: string): number => {
    const read = minorUnits(text.trim(), currency);
    if (read.ok) return read.minor;
    fields[path] = read.message;
    return 0;
  };
  const rate = (text: string, path: string): number => {
    const bp = basisPointsOf(text);
    if (bp === null) fields[path] = 'a percentage, e.g. 5 or 2.5 (at most two decimals)';
    return bp ?? 0;
  };
  const rules: Rule[] = form.rules.map((r, i) => {
    const p = `rules.${i}`;
    const when: Rule['when'] = {};
    if (r.categoryPrefix.trim()) when.categoryPrefix = r.categoryPrefix.trim();
    if (listOf(r.skus).length) when.skus = listOf(r.skus);
    if (r.employment) when.employment = r.employment;
    if (listOf(r.customerTiers).length) when.customerTiers = listOf(r.customerTiers);
    if (r.kind === 'fixed') return { id: r.id.trim(), when, pay: { kind: 'fixed', amountMinor: amount(r.amount, `${p}.pay.amountMinor`), per: r.per } };
    const pay: Extract<Rule['pay'], { kind: 'rate' }> = { kind: 'rate', basisPoints: rate(r.rate, `${p}.pay.basisPoints`) };
    if (r.tiersMode) {
      if (r.tiers.length === 0) fields[`${p}.pay.tiers`] = 'add a tier, or choose no tiers';
      pay.tiers = {
        mode: r.tiersMode,
        steps: r.tiers.map((t, j) => ({ fromMinor: amount(t.from, `${p}.pay.tiers.steps.${j}.fromMinor`), basisPoints: rate(t.rate, `${p}.pay.tiers.steps.${j}.basisPoints`) })),
      };
    }
    return { id: r.id.trim(), when, pay };
  });
  if (Object.keys(fields).length) return { ok: false, fields };
  return { ok: true, plan: { currency, holdDays: Number(hold), rules } };
}

/** Moves rule `i` by `by` places (first match wins: the order is the plan's meaning). */
export function moveRule(form: PlanForm, i: number, by: -1 | 1): PlanForm {
  const j = i + by;
  if (j < 0 || j >= form.rules.length) return form;
  const rules = [...form.rules];
  [rules[i], rules[j]] = [rules[j]!, rules[i]!];
  return { ...form, rules };
}

/** A rule's conditions in words: "Audio > Headphones, employed"; "every line" for none. */
export function conditionsText(r: Rule): string {
  const w = r.when ?? {};
  const parts = [
    w.categoryPrefix ? `category ${w.categoryPrefix}` : '',
    w.skus?.length ? `SKU ${w.skus.join(', ')}` : '',
    w.employment ?? '',
    w.customerTiers?.length ? `customer tier ${w.customerTiers.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'every line';
}

/** What a rule pays in words: "5 %", "5 % (tiers on the month: 7.5 % from 1000.00 USD)", "2.00 USD per order". */
export function payText(r: Rule, currency: string): string {
  if (r.pay.kind === 'fixed') return `${decimalAmount(r.pay.amountMinor, currency)} ${currency} per ${r.pay.per}`;
  const base = `${basisPointsText(r.pay.basisPoints)} %`;
  if (!r.pay.tiers) return base;
  const steps = r.pay.tiers.steps.map((s) => `${basisPointsText(s.basisPoints)} % from ${decimalAmount(s.fromMinor, currency)} ${currency}`).join(', ');
  return `${base}; ${r.pay.tiers.mode === 'whole' ? 'on the whole month' : 'on what is past each threshold'}: ${steps}`;
}
