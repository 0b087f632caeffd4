import type { ContentScriptContext } from '#imports';
import { listenForTabMessages, sendMessage, type TabMessage } from '../../lib/messaging';
import { type InvitationCard, showInvitationCard } from './invitation-card';
import { type LeaveMessageCard, showLeaveMessageCard } from './leave-message-card';

export interface InvitationContentDeps {
  doc?: Document;
  now?: () => number;
  send?: typeof sendMessage;
  /** The enterprise whose site this page is on: another enterprise's invitation is not shown here. */
  enterpriseId?: string;
}

/**
 * In a shop's page (shopper mode, with consent): shows what the background relays, an
 * associate's invitation or the offer to leave a message, and sends the shopper's answer back.
 * Everything leaves the page with the content script's context.
 */
export function runInvitations(ctx: ContentScriptContext, deps: InvitationContentDeps = {}): void {
  const doc = deps.doc ?? document;
  const now = deps.now ?? Date.now;
  const send = deps.send ?? sendMessage;
  let invitation: InvitationCard | null = null;
  let leaveMessage: LeaveMessageCard | null = null;
  let ticking: number | null = null;

  function tick(): void {
    invitation?.tick();
    leaveMessage?.tick();
    if (invitation?.state() === 'closed') invitation = null;
    if (leaveMessage?.state() === 'closed') leaveMessage = null;
    if (!invitation && !leaveMessage && ticking !== null) {
      clearInterval(ticking);
      ticking = null;
    }
  }
  const keepTicking = () => {
    ticking ??= ctx.setInterval(tick, 1000);
  };

  function handle(message: TabMessage): void {
    switch (message.type) {
      case 'invitation:show': {
        if (invitation && invitation.engagementId === message.invitation.engagementId && invitation.state() !== 'closed') return;
        const from = message.invitation.enterpriseId;
        if (from && deps.enterpriseId && from !== deps.enterpriseId) return;
        invitation?.remove();
        leaveMessage?.remove();
        leaveMessage = null;
        const { engagementId } = message.invitation;
        invitation = showInvitationCard(doc, {
          invitation: message.invitation,
          now,
          answer: async (accept) => {
            await send({ type: 'invitation:answer', engagementId, accept });
          },
        });
        keepTicking();
        return;
      }
      case 'invitation:hide':
        // Answered here: the answer's own outcome shows (the server's update may come before the reply does).
        if (invitation?.engagementId === message.engagementId && invitation.state() === 'open') {
          invitation.remove();
          invitation = null;
        }
        return;
      case 'leave-message:show': {
        if (leaveMessage?.opportunityId === message.opportunityId && leaveMessage.state() !== 'closed') return;
        leaveMessage?.remove();
        const { opportunityId } = message;
        leaveMessage = showLeaveMessageCard(doc, {
          opportunityId,
          siteName: message.siteName,
          now,
          send: async (text, contact) => {
            await send({ type: 'opportunity:message', opportunityId, message: text, ...(contact ? { contact } : {}) });
          },
          dismiss: () => void send({ type: 'opportunity:message-dismiss', opportunityId }).catch(() => undefined),
        });
        keepTicking();
        return;
      }
      case 'leave-message:hide':
        if (leaveMessage?.opportunityId === message.opportunityId && leaveMessage.state() === 'open') {
          leaveMessage.remove();
          leaveMessage = null;
        }
        return;
    }
  }

  const unlisten = listenForTabMessages((message) => {
    if (!ctx.isInvalid) handle(message);
  });
  ctx.onInvalidated(() => {
    unlisten();
    invitation?.remove();
    leaveMessage?.remove();
  });
}
