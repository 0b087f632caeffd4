import { For, Show } from '#imports';
import type { MyAdmission } from '../../../shared/associates';
import { sendMessage } from '../../lib/messaging';
import { useStored } from '../../lib/stored';
import { admissionsItem } from '../agent-sign-in/agent-state';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { requiredTestText } from './admission-text.core';

/**
 * An independent associate's enterprises: the invitations waiting for an answer (Accept /
 * Decline) and the enterprises they work for (Leave), each saying whether it paused them
 * for missed offers, and the enterprise's own test to pass before accepting when it requires
 * one. Nothing shows for an employee, who has no invitations.
 */
export function Admissions() {
  const admissions = useStored(admissionsItem);
  const answer = createAction('Could not answer the invitation', async (enterpriseId: string, what: 'accept' | 'decline' | 'withdraw') => {
    await sendMessage({ type: 'agent:admission', enterpriseId, answer: what });
  });
  const invited = () => (admissions() ?? []).filter((a) => a.status === 'invited');
  const worksFor = () => (admissions() ?? []).filter((a) => a.status === 'accepted');
  const button = (a: MyAdmission, what: 'accept' | 'decline' | 'withdraw', label: string) => (
    <button data-testid={`admission-${what}`} disabled={answer.busy()} onClick={() => void answer.run(a.enterpriseId, what)}>
      {label}
    </button>
  );

  return (
    <Show when={invited().length > 0 || worksFor().length > 0}>
      <div class="stack" data-testid="admissions">
        <Show when={invited().length > 0}>
          <h3>Invitations</h3>
          <ul>
            <For each={invited()}>
              {(a) => (
                <li data-testid="admission-invited">
                  <strong>{a.enterpriseName}</strong> invites you to take its shoppers’ offers. {button(a, 'accept', 'Accept')} {button(a, 'decline', 'Decline')}
                  <Show when={requiredTestText(a)}>
                    {(line) => (
                      <div class="muted small" data-testid="admission-required-test" data-passed={a.requiredTest?.passed ? 'yes' : 'no'}>
                        {line()}
                      </div>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={worksFor().length > 0}>
          <h3>You work for</h3>
          <ul>
            <For each={worksFor()}>
              {(a) => (
                <li data-testid="admission-accepted">
                  <strong>{a.enterpriseName}</strong>
                  <Show when={a.paused}>
                    {' '}
                    <span class="muted" data-testid="admission-paused">
                      (paused after missed offers: set yourself available to resume)
                    </span>
                  </Show>{' '}
                  {button(a, 'withdraw', 'Leave')}
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Alert message={answer.error()} />
      </div>
    </Show>
  );
}
