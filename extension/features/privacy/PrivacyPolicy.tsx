import { Brand } from '../pages/Brand';
import { ServiceOperator } from './ServiceOperator';
import { CHAT_RETENTION_DAYS, serviceTerms } from './service-terms';

/** The privacy policy built into the extension, in plain words (privacy.html). */
export function PrivacyPolicy() {
  return (
    <main class="page" data-testid="privacy-policy">
      <header>
        <Brand tagline="Live help from a real sales associate" />
      </header>
      <h1>Privacy policy</h1>
      <p class="lead">
        Floorwalker is a browser extension that lets the sales associates of participating shops offer you help while you
        shop. This page says what it collects, why, who sees it and for how long.
      </p>

      <article class="card document">
        <section>
          <h2>Who is responsible</h2>
          <ServiceOperator />
        </section>

        <section>
          <h2>Nothing before you say yes</h2>
          <p>
            Until you accept on the consent page, Floorwalker observes nothing and sends nothing: it does not even fetch the
            list of participating shops. If you say no, it stays that way.
          </p>
        </section>

        <section>
          <h2>What it collects, only on participating shops</h2>
          <ul>
            <li>the address and title of each page you open, and what kind of page it is (a product, a search, the cart);</li>
            <li>how long each page is in front of you;</li>
            <li>the products you look at: name, price, brand, category, product codes, picture, whether it is in stock;</li>
            <li>what you search for, and how many results the shop shows;</li>
            <li>what you put in your cart, and the cart's contents and total when you look at it;</li>
            <li>the page you came from, only when it is on the same shop;</li>
            <li>your browser's language, once, when Floorwalker first connects;</li>
            <li>
              when the shop identifies you as signed in to it, the shop's own customer id for you (so that its sales
              associates can see what the shop knows of you as a customer);
            </li>
            <li>when you ask to talk to someone, that you asked, on which shop.</li>
          </ul>
        </section>

        <section>
          <h2>When you talk to a sales associate</h2>
          <ul>
            <li>
              The written messages you and the associate exchange are kept by the service for the shop, as long as the shop
              decides: {CHAT_RETENTION_DAYS} days unless it sets otherwise. A message you leave when nobody is free is kept
              likewise, with the contact you give, if any.
            </li>
            <li>
              Letting the associate see the page you are on, guiding you through it, and a voice call are each asked for
              separately when the associate wants them; you may say no to each. Voice goes directly between the two
              browsers and is not recorded.
            </li>
          </ul>
        </section>

        <section>
          <h2>What it never collects</h2>
          <ul>
            <li>anything on a site that does not take part;</li>
            <li>
              what you type into forms, apart from a shop's search box and quantity fields: no passwords, card numbers,
              addresses or e-mail;
            </li>
            <li>
              your name, e-mail or accounts: apart from a shop's own customer id, the service knows you by a random number
              made up in your browser;
            </li>
            <li>your history, bookmarks or other tabs.</li>
          </ul>
        </section>

        <section>
          <h2>Why, and who sees it</h2>
          <p>
            So that a sales associate of the shop you are on can offer you help at the right moment. Each participating shop
            sees your visits to its own site, under that random number, and never your visits to other shops. The
            operator of the service stores it for them.
          </p>
        </section>

        <section>
          <h2>How long it is kept</h2>
          <p>
            The service deletes what it observed after {serviceTerms.retentionDays} days; conversations and messages you
            left are kept as said above. What has not been sent yet waits in
            your browser until it is; withdrawing your consent deletes it at once.
          </p>
          <p>
            Your network address reaches the server, as with any connection; the Floorwalker service uses it only to limit
            how often new connections are made, and does not store it.
          </p>
        </section>

        <section>
          <h2>Your choices</h2>
          <ul>
            <li>Turn the switch off in the Floorwalker toolbar button: observing stops at once.</li>
            <li>
              Withdraw your consent there or in the settings: observing stops, what has not been sent is deleted and your
              random number is forgotten. If you say yes again later, you start with a new one.
            </li>
            <li>Remove the extension: everything it kept in your browser goes with it.</li>
            <li>
              To have what the service already received deleted before {serviceTerms.retentionDays} days pass, ask its
              operator.
            </li>
          </ul>
        </section>
      </article>
    </main>
  );
}
