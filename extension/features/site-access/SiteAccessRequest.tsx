import { createSignal, Match, Show, Switch } from '#imports';
import { siteAccessItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { requestSiteAccess } from './site-access';

/**
 * Asking the browser for access to the participating shops. `ask` must run inside the
 * shopper's click (the browser shows its prompt only then); a refusal and a failure are
 * both kept for the page to show.
 */
export function createSiteAccessRequest() {
  const [refused, setRefused] = createSignal(false);
  // requestSiteAccess's errors are written for the shopper already.
  const action = createAction(null, async (patterns: readonly string[]) => {
    setRefused(false);
    setRefused(!(await requestSiteAccess(patterns)));
  });
  return { ask: action.run, asking: action.busy, refused, error: action.error };
}
export type SiteAccessRequest = ReturnType<typeof createSiteAccessRequest>;

/**
 * Shown while the browser has not allowed access to some participating shops: says that
 * Floorwalker cannot see them, and asks again on a click.
 */
export function MissingSiteAccess(props: { request: SiteAccessRequest }) {
  const access = useStored(siteAccessItem);
  const missing = () => access()?.missing ?? [];
  const state = () => (props.request.asking() ? 'asking' : props.request.refused() ? 'refused' : 'missing');
  return (
    <Show when={missing().length > 0}>
      <div class="notice" classList={{ warn: state() === 'refused' }} data-testid="site-access" data-state={state()}>
        <Switch>
          <Match when={state() === 'asking'}>
            <p>
              <strong>Your browser is asking you</strong> to let Floorwalker see the participating shops. Answer its prompt
              to go on.
            </p>
          </Match>
          <Match when={state() === 'refused'}>
            <p>
              <strong>Access was not allowed.</strong> Floorwalker cannot see the participating shops, so it observes
              nothing there, until your browser allows access to them.
            </p>
          </Match>
          <Match when={state() === 'missing'}>
            <p>
              <strong>One more step.</strong> Floorwalker cannot see the participating shops until your browser allows
              access to them.
            </p>
          </Match>
        </Switch>
        <div class="actions">
          <button
            class="primary"
            data-testid="site-access-allow"
            disabled={props.request.asking()}
            onClick={() => void props.request.ask(missing())}
          >
            {state() === 'refused' ? 'Ask again' : 'Allow access'}
          </button>
        </div>
        <Alert message={props.request.error()} />
      </div>
    </Show>
  );
}
