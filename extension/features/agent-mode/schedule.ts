import type { ScheduleExceptionList } from '../../../shared/associates';
import type { ApiResult } from '../../lib/api';
import type { MessageHandlers } from '../../lib/messaging';
import { credentialFailure } from '../agent-sign-in/credential-errors';
import type { CredentialsPort } from './credentials';

export type ScheduleMessages = 'agent:schedule-exceptions' | 'agent:schedule-exception-set' | 'agent:schedule-exception-remove';

/**
 * The associate's schedule exceptions in agent mode: a day off or one-off hours on a date, in
 * their time zone. The server checks every date and hour (the page says what it answers); each
 * change answers with the list as it now stands.
 */
export function scheduleHandlers(port: Pick<CredentialsPort, 'signedIn' | 'unauthorized'>): MessageHandlers<ScheduleMessages> {
  async function settled<T>(what: string, answer: ApiResult<T>): Promise<T> {
    if (answer.ok) return answer.body;
    await port.unauthorized(answer.status);
    throw new Error(credentialFailure(what, answer));
  }

  async function list(): Promise<ScheduleExceptionList> {
    const { agent, api } = await port.signedIn();
    return settled('Your days off and one-off hours could not be listed', await api.scheduleExceptions(agent.token));
  }

  return {
    'agent:schedule-exceptions': list,
    'agent:schedule-exception-set': async ({ date, periods, note }) => {
      const { agent, api } = await port.signedIn();
      await settled('The day could not be saved', await api.setScheduleException(agent.token, date, { periods, note: note?.trim() ? note.trim() : null }));
      return list();
    },
    'agent:schedule-exception-remove': async ({ date }) => {
      const { agent, api } = await port.signedIn();
      await settled('The day could not be removed', await api.removeScheduleException(agent.token, date));
      return list();
    },
  };
}
