import { type Device, ResetRequest } from '../../../shared/associates';
import type { ApiResult, Fetch } from '../../lib/api';
import type { MessageHandlers } from '../../lib/messaging';
import { backendUrlItem } from '../../lib/storage';
import { type AgentApi, createAgentApi } from '../agent-sign-in/agent-api';
import type { AgentSignIn } from '../agent-sign-in/agent-state';
import { credentialFailure, passwordChangeProblem } from '../agent-sign-in/credential-errors';

export type CredentialMessages = 'agent:password' | 'agent:devices' | 'agent:device-sign-out' | 'agent:sign-out-everywhere' | 'agent:reset-request';

/** What the credential handlers need of agent mode: the signed-in associate, and signing out here. */
export interface CredentialsPort {
  fetch: Fetch;
  /** The signed-in associate and their API client; throws a sentence when signed out. */
  signedIn: () => Promise<{ agent: AgentSignIn; api: AgentApi }>;
  /** Throws (after signing out here) on a 401: the token is gone. */
  unauthorized: (status: number) => Promise<void>;
  signOutLocally: (notice: string | null) => Promise<void>;
}

/** Said after "Forgot password?" whatever the server answered, so it never tells whether an address is an associate's. */
const RESET_SENT = "If that address belongs to an associate, we've sent a link to choose a new password. It works once, for 30 minutes.";
const SIGNED_OUT_EVERYWHERE = 'You signed out on every device, this one included.';
const SIGNED_OUT_THIS_DEVICE = 'You signed this device out from your list of devices.';

/** The associate's own credentials in agent mode: password change, signed-in devices, and the reset link from the sign-in form. */
export function credentialHandlers(port: CredentialsPort): MessageHandlers<CredentialMessages> {
  /** The answer's body, or a sentence (after signing out here on a 401). */
  async function settled<T>(what: string, answer: ApiResult<T>): Promise<T> {
    if (answer.ok) return answer.body;
    await port.unauthorized(answer.status);
    throw new Error(credentialFailure(what, answer));
  }

  async function listDevices(): Promise<Device[]> {
    const { agent, api } = await port.signedIn();
    return (await settled('The devices could not be listed', await api.devices(agent.token))).devices;
  }

  return {
    'agent:password': async ({ currentPassword, newPassword }) => {
      const problem = passwordChangeProblem(currentPassword, newPassword);
      if (problem) throw new Error(problem);
      const { agent, api } = await port.signedIn();
      await settled('The password could not be changed', await api.changePassword(agent.token, currentPassword, newPassword));
      return { changed: true };
    },

    'agent:devices': async () => ({ devices: await listDevices() }),

    'agent:device-sign-out': async ({ deviceId }) => {
      const { agent, api } = await port.signedIn();
      const here = (await listDevices()).find((d) => d.id === deviceId)?.current ?? false;
      await settled('The device could not be signed out', await api.removeDevice(agent.token, deviceId));
      if (here) {
        await port.signOutLocally(SIGNED_OUT_THIS_DEVICE);
        return { devices: [], signedOutHere: true };
      }
      return { devices: await listDevices(), signedOutHere: false };
    },

    'agent:sign-out-everywhere': async () => {
      const { agent, api } = await port.signedIn();
      await settled('Could not sign out everywhere', await api.signOutEverywhere(agent.token));
      await port.signOutLocally(SIGNED_OUT_EVERYWHERE);
      return { signedOut: true };
    },

    'agent:reset-request': async ({ email }) => {
      const parsed = ResetRequest.safeParse({ email: email.trim() });
      if (!parsed.success) throw new Error('Enter the e-mail address you sign in with.');
      const api = createAgentApi({ fetch: port.fetch, baseUrl: await backendUrlItem.getValue() });
      const answer = await api.resetRequest(parsed.data.email);
      // Unreachable or limited: nothing was asked, so say so; any other answer gets the one sentence.
      if (!answer.ok && (answer.status === 0 || answer.status === 429)) throw new Error(credentialFailure('No link was sent', answer));
      return { message: RESET_SENT };
    },
  };
}
