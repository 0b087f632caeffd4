import { createAction } from '../pages/action';
import { Alert } from '../pages/Alert';
import { browserSurfaces } from './surfaces';

/** Opens the offers panel from a page's click (the browser allows it only then). */
export function OpenPanelButton(props: { primary?: boolean }) {
  const open = createAction('Could not open the offers panel', () => browserSurfaces().openPanel());
  return (
    <>
      <button classList={{ primary: props.primary }} data-testid="open-panel" disabled={open.busy()} onClick={() => void open.run()}>
        Open the offers panel
      </button>
      <Alert message={open.error()} />
    </>
  );
}
