import type { AdmissionStatus } from '../../../../shared/associates';

/** What the invited associate does with an enterprise's invitation. */
export type AdmissionAnswer = 'accept' | 'decline' | 'withdraw';

/**
 * The invitation's next status, or why the answer does not fit. Accepting works from any
 * status (an associate may change their mind after declining or leaving); declining is for
 * an open invitation, withdrawing (leaving the enterprise) for an accepted one. Repeating an
 * answer changes nothing.
 */
export function answerAdmission(current: AdmissionStatus, answer: AdmissionAnswer): { ok: true; status: AdmissionStatus } | { ok: false; message: string } {
  switch (answer) {
    case 'accept':
      return { ok: true, status: 'accepted' };
    case 'decline':
      if (current === 'invited' || current === 'declined') return { ok: true, status: 'declined' };
      return { ok: false, message: 'You accepted this enterprise’s invitation already; withdraw to leave it.' };
    case 'withdraw':
      if (current === 'accepted' || current === 'withdrawn') return { ok: true, status: 'withdrawn' };
      return { ok: false, message: 'You do not work for this enterprise; there is nothing to withdraw from.' };
  }
}

/**
 * Why the associate cannot accept an invitation yet, or null: the marketplace has not approved
 * them, or the enterprise requires its own test and they hold no valid pass of it.
 */
export function acceptRefusal(facts: { approved: boolean; requiredTest: { title: string; passed: boolean } | null }): { code: 'not_approved' | 'test_required'; message: string } | null {
  if (!facts.approved) return { code: 'not_approved', message: 'Your application to the marketplace is not approved yet; you can accept once it is.' };
  if (facts.requiredTest && !facts.requiredTest.passed)
    return { code: 'test_required', message: `This enterprise asks you to pass its test “${facts.requiredTest.title}” first; accept once you have passed it.` };
  return null;
}
