/** Why the server set the associate away, in words; null when the associate chose it. */
export function presenceReasonText(reason: string | null | undefined): string | null {
  switch (reason) {
    case null:
    case undefined:
    case '':
      return null;
    case 'missed_offers':
      return 'You were set away after missing several offers in a row. Switch back to available when you are ready.';
    case 'declined_and_away':
      return 'You went away when you declined an offer.';
    default:
      // A reason this version does not know: said plainly, never as the server's code.
      return 'You were set away by your shop. Switch back to available when you are ready.';
  }
}
