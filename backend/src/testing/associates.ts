import { type AssociateView, CreateAssociate } from '../../../shared/associates';
import type { App } from '../app';

/**
 * An associate who has set their password, as one gets there: the enterprise's invitation
 * (not mailed) and its link used. `input` is CreateAssociate's body (defaults filled in).
 */
export async function associateWithPassword(app: App, enterpriseId: string, input: Record<string, unknown>, password: string): Promise<AssociateView> {
  const { associate, invitation } = await app.associates.invite(enterpriseId, CreateAssociate.parse(input), { mail: false });
  await app.associates.setPassword(invitation.token, password);
  return { ...associate, status: 'active' };
}
