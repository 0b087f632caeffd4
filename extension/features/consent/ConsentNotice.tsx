import { createSignal, Show } from '#imports';
import { errorMessage } from '../../lib/log';
import { sendMessage } from '../../lib/messaging';

/**
 * What Floorwalker observes, where, why, and how to stop it, with the accept and
 * decline buttons. Used by the consent page (opened on install) and by the popup until
 * the shopper has answered.
 */
export function ConsentNotice(props: { declined?: boolean }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  async function answer(given: boolean) {
    setBusy(true);
    setError(null);
    try {
      await sendMessage({ type: 'consent:set', given }); // pages follow the stored consent
    } catch (e) {
      setError(`Your answer could not be saved: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="consent">
      <h1>Live help from a real sales associate</h1>
      <p>
        Floorwalker lets a shop's sales associate offer you help while you shop online, the way a good floorwalker does
        in a department store. To know when help is welcome, it needs to see what you look at, and it asks you first.
      </p>
      <h2>What is observed</h2>
      <ul>
        <li>the pages you open and how long you stay on them;</li>
        <li>the products you look at (name, price, brand, category);</li>
        <li>what you search for;</li>
        <li>what you put in your cart.</li>
      </ul>
      <p>Never what you type into forms: passwords, card numbers and e-mail addresses are not read.</p>
      <h2>Where</h2>
      <p>
        Only on participating shops, and nowhere else. The list of participating shops is shown in the Floorwalker popup
        and settings once you accept: nothing at all is fetched or sent before you do, not even that list.
      </p>
      <h2>Why</h2>
      <p>So that a live sales associate of the shop can offer you help at the right moment. You can always say no to the offer.</p>
      <h2>You stay in control</h2>
      <p>
        Switch observing off at any time with the switch in the Floorwalker popup, or withdraw your consent there, which
        also deletes everything not yet sent.
      </p>
      <Show when={props.declined}>
        <p class="muted">You declined: nothing is observed. You can accept at any time.</p>
      </Show>
      <div class="actions">
        <button class="primary" data-testid="consent-accept" disabled={busy()} onClick={() => void answer(true)}>
          Accept
        </button>
        <button data-testid="consent-decline" disabled={busy()} onClick={() => void answer(false)}>
          Decline
        </button>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  );
}
