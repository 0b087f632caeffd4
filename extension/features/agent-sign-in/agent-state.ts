import { storage } from '#imports';
import type { MyAdmission } from '../../../shared/associates';
import type { EngagementView, OfferView } from '../../../shared/realtime';
import type { ConnectionState } from '../../lib/socket';
import { type Board, emptyBoard } from '../offers-panel/board.core';
import type { AgentProfile } from './agent-api';

// Agent mode's state. It lives in `storage.session`: kept while the browser runs (across
// service-worker restarts), gone when it closes, and out of content scripts' reach (Chrome
// gives session storage to trusted contexts only), so the associate's token is never readable
// from a shop's page, and a shared computer does not stay signed in after the browser closes.

/** The signed-in associate at one backend; null when signed out. */
export interface AgentSignIn {
  backendUrl: string;
  /** Bearer token (`fwa_…`); sent in the Authorization header and the realtime `auth` message only. */
  token: string;
  /** ISO time the token stops working. */
  expiresAt: string;
  associate: AgentProfile;
}
export const agentItem = storage.defineItem<AgentSignIn | null>('session:agent', { fallback: null });

/** The enterprises' invitations to an independent associate, and the enterprises they work for (accepted). */
export const admissionsItem = storage.defineItem<MyAdmission[]>('session:agentAdmissions', { fallback: [] });

/** Live offers and recent engagements, as the backend pushed them and the associate answered them. */
export type AgentBoard = Board<OfferView, EngagementView>;
export const boardItem = storage.defineItem<AgentBoard>('session:agentBoard', { fallback: emptyBoard() });

/** The realtime connection, and why the associate was signed out when the extension did it. */
export interface AgentLink {
  connection: ConnectionState;
  /** e.g. "You were signed out (password changed, signed out elsewhere, or your session expired)." */
  notice: string | null;
}
export const agentLinkItem = storage.defineItem<AgentLink>('session:agentLink', {
  fallback: { connection: { status: 'off', failures: 0, retryAt: null, error: null }, notice: null },
});
