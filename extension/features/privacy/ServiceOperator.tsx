import { Show } from '#imports';
import { backendUrlItem } from '../../lib/storage';
import { useStored } from '../../lib/stored';
import { serviceTerms } from './service-terms';

/** Who runs the service the extension reports to and answers for the data. */
export function ServiceOperator() {
  const backendUrl = useStored(backendUrlItem);
  return (
    <Show
      when={serviceTerms.operatorName}
      fallback={
        // A build that names no one says where the data goes instead: that server's owner answers for it.
        <p data-testid="service-operator">
          This copy of Floorwalker was built from its open-source code without an operator's name. It reports to the
          Floorwalker server at <code>{backendUrl() ?? '…'}</code>; whoever runs that server is responsible for your data.
        </p>
      }
    >
      {(name) => (
        <p data-testid="service-operator">
          <strong>{name()}</strong> runs the Floorwalker service this extension reports to, and is responsible for your
          data.
        </p>
      )}
    </Show>
  );
}
