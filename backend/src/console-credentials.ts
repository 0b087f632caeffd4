import type { Role } from '../../shared/console';

/** A console session as the middlewares need it: its user, its CSRF token, and whether the user is an operator. */
export interface ConsoleSessionGrant {
  userId: string;
  csrfToken: string;
  operator: boolean;
}

/** How console sessions are found: the console accounts module answers (tests may stand in for it). */
export interface ConsoleCredentials {
  /** The live session a cookie's token names, or undefined (unknown, expired, signed out, second factor pending). */
  session(token: string): Promise<ConsoleSessionGrant | undefined>;
  /**
   * The user's standing in an enterprise: their role as a member, or an operator's role inside a
   * support access open now; undefined when neither. Throws Forbidden for a suspended enterprise.
   */
  standing(userId: string, enterpriseId: string): Promise<{ role: Role; supportAccessId: string | null } | undefined>;
}
