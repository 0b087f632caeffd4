import { createSignal, type JSX, Match, Show, Switch } from 'solid-js';
import type { ApiKeyCreated, ApiKeyList, ApiKeyRotated, ApiKeyView } from '../../../../shared/api-keys';
import { problemOf } from '../api.core';
import { ConfirmButton, ShownOnce } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage } from '../components/Field';
import { Alert, Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { mayChange } from '../nav.core';
import { useConsole } from '../state';

/** Settings → API keys: the enterprise's working keys; make one (shown once), revoke, rotate. */
export default function ApiKeys(): JSX.Element {
  const state = useConsole();
  const keys = useRead(() => state.api.get<ApiKeyList>('/api-keys'));
  const [label, setLabel] = createSignal('');
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [fresh, setFresh] = createSignal<{ title: string; key: string } | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const canChange = () => mayChange(state.viewer(), 'POST', '/api-keys');

  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    try {
      const made = await state.api.send<ApiKeyCreated>('POST', '/api-keys', { label: label().trim() });
      setFresh({ title: `New key “${made.label}”`, key: made.key });
      setLabel('');
      void keys.refetch();
    } catch (err) {
      setErrors(formErrors(problemOf(err), ['label']));
    }
  };
  const act = async (run: () => Promise<void>) => {
    setActionError(null);
    try {
      await run();
      void keys.refetch();
    } catch (err) {
      setActionError(problemOf(err).message);
    }
  };

  const columns: Column<ApiKeyView>[] = [
    { header: 'Label', accessorKey: 'label' },
    { header: 'Key starts', accessorKey: 'prefix', cell: (c) => <code>{c.getValue<string>()}…</code> },
    { header: 'Made', accessorKey: 'createdAt', cell: (c) => when(c.getValue<string>()) },
    { header: 'Last used', accessorKey: 'lastUsedAt', cell: (c) => when(c.getValue<string | null>()) },
    {
      header: 'Status',
      accessorKey: 'expiresAt',
      cell: (c) => (c.getValue<string | null>() ? <span class="tag warn">Replaced; works until {when(c.getValue<string>())}</span> : <span class="tag">Working</span>),
    },
    {
      id: 'actions',
      header: () => <span class="sr-only">Actions</span>,
      cell: (c) => (
        <Show when={canChange()}>
          <div class="row-actions">
            <ConfirmButton
              label="Rotate"
              title={`Rotate “${c.row.original.label}”?`}
              confirm="Rotate the key"
              onConfirm={() =>
                act(async () => {
                  const r = await state.api.send<ApiKeyRotated>('POST', `/api-keys/${c.row.original.id}/rotate`);
                  setFresh({ title: `New key in place of “${r.label}”`, key: r.key });
                })
              }
            >
              A new key replaces this one. The old key keeps working for a day beside it, then is refused: put the new key in place before then.
            </ConfirmButton>
            <ConfirmButton label="Revoke" danger title={`Revoke “${c.row.original.label}”?`} confirm="Revoke the key" onConfirm={() => act(() => state.api.send('DELETE', `/api-keys/${c.row.original.id}`))}>
              Whatever uses this key is refused from its next request on. This cannot be undone.
            </ConfirmButton>
          </div>
        </Show>
      ),
    },
  ];

  return (
    <section class="page-section">
      <h1>API keys</h1>
      <p class="lead">Keys let the enterprise's own systems call the API. A key is shown once, when it is made; the list shows how each starts.</p>
      <Show when={fresh()}>{(f) => <ShownOnce title={f().title} value={f().key} note="Copy it now: it is not shown again." onDone={() => setFresh(null)} />}</Show>
      <Alert message={actionError()} />
      <Show when={canChange()}>
        <form class="card inline-form" onSubmit={create} novalidate>
          <h2>Make a key</h2>
          <Field label="Label" name="label" hint="What uses it, e.g. “Shop order webhook”" required maxlength="100" value={label()} onInput={(e) => setLabel(e.currentTarget.value)} error={errors().fields.label} />
          <FormMessage message={errors().form} />
          <button type="submit" class="primary">
            Make the key
          </button>
        </form>
      </Show>
      <Switch>
        <Match when={keys.problem()}>{(p) => <ErrorState problem={p()} retry={() => keys.refetch()} />}</Match>
        <Match when={keys.data.loading && !keys.data.latest}>
          <Loading what="the keys" />
        </Match>
        <Match when={keys.data.latest?.apiKeys.length === 0}>
          <Empty title="No keys">Make one above for each system that calls the API.</Empty>
        </Match>
        <Match when={keys.data.latest}>{(list) => <ServerTable caption="API keys" columns={columns} rows={list().apiKeys} rowKey={(k) => k.id} />}</Match>
      </Switch>
    </section>
  );
}
