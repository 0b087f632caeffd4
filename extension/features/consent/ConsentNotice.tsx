import { Show } from '#imports';
import type { Consent } from '../../lib/storage';
import type { Action } from '../pages/action';
import { Alert } from '../pages/Alert';
import { ServiceOperator } from '../privacy/ServiceOperator';
import { CHAT_RETENTION_DAYS, privacyPolicyHref, serviceTerms } from '../privacy/service-terms';

/**
 * The consent question: what Floorwalker observes, where, why, what it never reads, how long
 * the data is kept and who runs the service, then yes and no with equal weight.
 */
export function ConsentNotice(props: { answer: Action<[boolean]>; previous: Consent | null }) {
  return (
    <>
      <h1>Would you like a shop's sales associate to offer you help?</h1>
      <p class="lead">
        Floorwalker lets the sales associates of participating shops offer you help while you shop online, the way a good
        floorwalker does in a department store. To know when help is welcome, it needs to see what you look at in those
        shops, so it asks you first.
      </p>

      <div class="facts">
        <section class="card">
          <h2>What it observes</h2>
          <ul>
            <li>the pages you open and how long you stay on them;</li>
            <li>the products you look at (name, price, brand, category);</li>
            <li>what you search for;</li>
            <li>what you put in your cart;</li>
            <li>
              when the shop identifies you as signed in to it, the shop's customer id for you, so its sales associates
              know it is you.
            </li>
          </ul>
        </section>
        <section class="card">
          <h2>What it never reads</h2>
          <ul>
            <li>what you type into forms: passwords, card numbers, addresses, e-mail;</li>
            <li>any page of a site that does not take part;</li>
            <li>
              your name, e-mail or accounts: apart from a shop's own customer id, the service knows you by a random number
              made up in your browser.
            </li>
          </ul>
        </section>
        <section class="card">
          <h2>Where</h2>
          <p>
            Only on participating shops, and nowhere else. You see their list as soon as you accept. Until then
            Floorwalker fetches and sends nothing at all, not even that list.
          </p>
        </section>
        <section class="card">
          <h2>Why</h2>
          <p>
            So that a sales associate of the shop can offer you help at the right moment, or when you ask for someone.
            You can always say no to an offer. If you talk to one, what you write to each other is kept; seeing your
            page, guiding you through it and a voice call are each asked for separately, when the associate wants them.
          </p>
        </section>
        <section class="card">
          <h2>How long it is kept</h2>
          <p>
            The service keeps what it observes for {serviceTerms.retentionDays} days, then deletes it. A conversation's
            written messages, and a message you leave, are kept as long as the shop decides: {CHAT_RETENTION_DAYS} days
            unless it sets otherwise. What has not been sent yet waits in your browser; withdrawing your consent deletes
            it.
          </p>
        </section>
        <section class="card">
          <h2>Who runs the service</h2>
          <ServiceOperator />
          <p>
            <a href={privacyPolicyHref(serviceTerms)} target="_blank" rel="noopener" data-testid="privacy-link">
              Read the privacy policy
            </a>
          </p>
        </section>
      </div>

      <section class="card choice">
        <h2>Your choice</h2>
        <Show
          when={props.previous?.state === 'declined' ? props.previous : undefined}
          fallback={<p class="muted">Floorwalker does nothing until you answer.</p>}
        >
          {(previous) => (
            <p class="muted" data-testid="consent-previous">
              You said no on {new Date(previous().at).toLocaleDateString(undefined, { dateStyle: 'long' })}, so nothing
              is observed. You can change that here.
            </p>
          )}
        </Show>
        <div class="actions">
          <button data-testid="consent-accept" disabled={props.answer.busy()} onClick={() => void props.answer.run(true)}>
            Yes, allow it
          </button>
          <button data-testid="consent-decline" disabled={props.answer.busy()} onClick={() => void props.answer.run(false)}>
            No, thanks
          </button>
        </div>
        <p class="muted small">
          You can switch Floorwalker off, or change your answer, at any time from its button in your browser's toolbar.
        </p>
        <Alert message={props.answer.error()} />
      </section>
    </>
  );
}
