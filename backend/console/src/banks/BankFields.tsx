import type { JSX } from 'solid-js';
import { Field } from '../components/Field';
import type { BankField, BankForm } from './banks.core';

/** A bank's settings as inputs (create and edit share them); `errors` by the form's field names. */
export function BankFields(props: { form: BankForm; errors: Record<string, string>; onChange: (form: BankForm) => void; disabled?: boolean }): JSX.Element {
  const set = (field: BankField) => (e: { currentTarget: HTMLInputElement }) => props.onChange({ ...props.form, [field]: e.currentTarget.value });
  const number = { type: 'number', inputmode: 'numeric' } as const;
  return (
    <fieldset class="bare bank-fields" disabled={props.disabled}>
      <Field label="Title" name="title" required maxlength="200" value={props.form.title} onInput={set('title')} error={props.errors.title} />
      <Field label="Category" name="category" hint="Its path, parts separated by “>”: Audio > Headphones" value={props.form.category} onInput={set('category')} error={props.errors.category} />
      <div class="bank-grid">
        <Field label="Level granted" name="level" hint="1 to 5" min="1" max="5" {...number} value={props.form.level} onInput={set('level')} error={props.errors.level} />
        <Field label="Questions per test" name="questionsPerTest" hint="Drawn at random" min="1" max="100" {...number} value={props.form.questionsPerTest} onInput={set('questionsPerTest')} error={props.errors.questionsPerTest} />
        <Field label="Time limit (minutes)" name="timeLimitMinutes" hint="Kept by the server" min="0.5" max="240" step="0.5" type="number" value={props.form.timeLimitMinutes} onInput={set('timeLimitMinutes')} error={props.errors.timeLimitMinutes} />
        <Field label="Pass mark (%)" name="passPercent" hint="Share answered right" min="1" max="100" {...number} value={props.form.passPercent} onInput={set('passPercent')} error={props.errors.passPercent} />
        <Field label="Retake wait (hours)" name="retakeWaitHours" hint="After a failed attempt" min="0" {...number} value={props.form.retakeWaitHours} onInput={set('retakeWaitHours')} error={props.errors.retakeWaitHours} />
        <Field label="Valid for (days)" name="validityDays" hint="An earned accreditation" min="1" max="3650" {...number} value={props.form.validityDays} onInput={set('validityDays')} error={props.errors.validityDays} />
      </div>
    </fieldset>
  );
}
