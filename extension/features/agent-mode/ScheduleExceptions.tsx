import { createSignal, For, onMount, Show } from '#imports';
import type { ScheduleExceptionList } from '../../../shared/associates';
import { sendMessage } from '../../lib/messaging';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { exceptionHoursText } from './admission-text.core';

/**
 * "Days off and one-off hours" in the agent settings: the exceptions to the weekly schedule
 * from today on (dates and hours in the associate's time zone), one removed at a time, and a
 * form for one date: a day off, or the hours worked that day instead of the week's.
 */
export function ScheduleExceptions() {
  const [list, setList] = createSignal<ScheduleExceptionList | null>(null);
  const [date, setDate] = createSignal('');
  const [dayOff, setDayOff] = createSignal(true);
  const [from, setFrom] = createSignal('09:00');
  const [to, setTo] = createSignal('17:00');
  const [note, setNote] = createSignal('');
  const load = createAction('Your days off could not be listed', async () => {
    setList(await sendMessage({ type: 'agent:schedule-exceptions' }));
  });
  const save = createAction('The day could not be saved', async () => {
    const periods = dayOff() ? [] : [{ from: from(), to: to() }];
    setList(await sendMessage({ type: 'agent:schedule-exception-set', date: date(), periods, note: note() || null }));
    setDate('');
    setNote('');
  });
  const remove = createAction('The day could not be removed', async (day: string) => {
    setList(await sendMessage({ type: 'agent:schedule-exception-remove', date: day }));
  });
  onMount(() => void load.run());

  return (
    <section class="credentials schedule-exceptions" data-testid="schedule-exceptions">
      <h3>Days off and one-off hours</h3>
      <Show when={list()} fallback={<p class="muted">{load.busy() ? 'Loading…' : ''}</p>}>
        {(l) => (
          <>
            <p class="muted small">In your time zone ({l().timezone}); these replace your weekly hours on their date.</p>
            <Show when={l().exceptions.length > 0} fallback={<p class="muted" data-testid="schedule-exceptions-none">None planned.</p>}>
              <ul class="device-list">
                <For each={l().exceptions}>
                  {(e) => (
                    <li data-testid="schedule-exception" data-date={e.date}>
                      <div>
                        <strong>{e.date}</strong> · <span data-testid="schedule-exception-hours">{exceptionHoursText(e.periods)}</span>
                        <Show when={e.note}>{(n) => <div class="muted small">{n()}</div>}</Show>
                      </div>
                      <button data-testid="schedule-exception-remove" disabled={remove.busy()} onClick={() => void remove.run(e.date)}>
                        Remove
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <form
              class="stack sign-in"
              onSubmit={(e) => {
                e.preventDefault();
                void save.run();
              }}
            >
              <label>
                Date
                <input type="date" data-testid="schedule-exception-date" min={l().today} value={date()} onInput={(e) => setDate(e.currentTarget.value)} required />
              </label>
              <label class="check">
                <input type="checkbox" data-testid="schedule-exception-off" checked={dayOff()} onChange={(e) => setDayOff(e.currentTarget.checked)} />
                Day off
              </label>
              <Show when={!dayOff()}>
                <label>
                  From
                  <input type="time" data-testid="schedule-exception-from" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
                </label>
                <label>
                  To
                  <input type="time" data-testid="schedule-exception-to" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
                </label>
              </Show>
              <label>
                Note (for you)
                <input type="text" data-testid="schedule-exception-note" maxLength={200} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
              </label>
              <div class="actions">
                <button type="submit" data-testid="schedule-exception-save" disabled={save.busy() || date() === ''}>
                  Save this day
                </button>
              </div>
            </form>
          </>
        )}
      </Show>
      <Alert message={load.error() ?? save.error() ?? remove.error()} />
    </section>
  );
}
