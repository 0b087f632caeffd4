import { Dialog } from '@kobalte/core/dialog';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { MaterialDetail, MaterialKind, MaterialList, MaterialTags, MaterialView } from '../../../../shared/sales';
import { problemOf } from '../api.core';
import { ConfirmButton, DialogActions, DialogFrame } from '../components/Confirm';
import { type Column, ServerTable } from '../components/DataTable';
import { Field, FormMessage, SelectField, TextAreaField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading } from '../components/States';
import { useRead, when } from '../data';
import { useFiles } from '../files';
import { type FormErrors, formErrors, NO_ERRORS } from '../form.core';
import { mayChange } from '../nav.core';
import { bytesText, listOf, pathsOf, pathsText } from '../sales/money.core';
import { useConsole } from '../state';

const KIND_LABELS: Record<MaterialKind, string> = { technique: 'Technique', link: 'Link', document: 'Document' };
const FIELDS = ['kind', 'title', 'markdown', 'url', 'fileName', 'file', 'tags.categories', 'tags.rules', 'tags.channels', 'tags.languages'];

interface Draft {
  kind: MaterialKind;
  title: string;
  markdown: string;
  url: string;
  categories: string;
  rules: string;
  channels: string;
  languages: string;
}

const blank = (): Draft => ({ kind: 'technique', title: '', markdown: '', url: '', categories: '', rules: '', channels: '', languages: '' });
const draftOf = (m: MaterialView): Draft => ({
  kind: m.kind,
  title: m.title,
  markdown: m.current?.markdown ?? '',
  url: m.current?.url ?? '',
  categories: pathsText(m.tags.categories),
  rules: m.tags.rules.join(', '),
  channels: m.tags.channels.join(', '),
  languages: m.tags.languages.join(', '),
});
const tagsOf = (d: Draft): MaterialTags => ({ categories: pathsOf(d.categories), rules: listOf(d.rules), channels: listOf(d.channels) as MaterialTags['channels'], languages: listOf(d.languages) });

/** Adds a material, or edits one (`material`): title, its content by kind, a document's file, tags. */
function MaterialDialog(props: { material?: MaterialView; onDone: () => void }): JSX.Element {
  const state = useConsole();
  const files = useFiles();
  const [open, setOpen] = createSignal(false);
  const [draft, setDraft] = createSignal<Draft>(blank());
  const [file, setFile] = createSignal<File | null>(null);
  const [errors, setErrors] = createSignal<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = createSignal(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const editing = () => !!props.material;
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const d = draft();
    setBusy(true);
    let stage: 'material' | 'file' = 'material';
    try {
      let id = props.material?.id;
      if (!id) {
        const body = { kind: d.kind, title: d.title.trim(), tags: tagsOf(d), ...(d.kind === 'technique' ? { markdown: d.markdown } : d.kind === 'link' ? { url: d.url.trim() } : file() ? { fileName: file()!.name.replace(/[^A-Za-z0-9 ._()-]/g, '_') } : {}) };
        id = (await state.api.send<MaterialView>('POST', '/materials', body)).id;
      } else {
        const before = props.material!;
        const change: Record<string, unknown> = { title: d.title.trim(), tags: tagsOf(d) };
        if (before.kind === 'technique' && d.markdown !== (before.current?.markdown ?? '')) change.markdown = d.markdown;
        if (before.kind === 'link' && d.url.trim() !== (before.current?.url ?? '')) change.url = d.url.trim();
        await state.api.send('PATCH', `/materials/${id}`, change);
      }
      const f = file();
      if (d.kind === 'document' && f) {
        stage = 'file';
        await files.upload('PUT', `/materials/${id}/file`, f, f.type || 'application/octet-stream');
      }
      setOpen(false);
      props.onDone();
    } catch (err) {
      const p = problemOf(err);
      setErrors(stage === 'file' ? { form: null, fields: { file: p.message } } : formErrors(p, FIELDS));
      if (stage === 'file') props.onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (o) {
          setDraft(props.material ? draftOf(props.material) : blank());
          setFile(null);
          setErrors(NO_ERRORS);
        }
        setOpen(o);
      }}
    >
      <Dialog.Trigger class={editing() ? 'small-button' : 'primary'}>{editing() ? 'Edit' : 'Add a material'}</Dialog.Trigger>
      <DialogFrame title={editing() ? `Edit “${props.material!.title}”` : 'Add a material'} description="A technique (a script in Markdown), a link, or a document (PDF or image, at most 10 MB). Tags say where it fits; empty fits anything." wide>
        <form class="form" onSubmit={submit} novalidate>
          <Show when={!editing()}>
            <SelectField label="Kind" name="kind" value={draft().kind} options={Object.entries(KIND_LABELS)} onChange={(v) => set({ kind: v as MaterialKind })} error={errors().fields.kind} />
          </Show>
          <Field label="Title" name="title" required maxlength="300" value={draft().title} onInput={(e) => set({ title: e.currentTarget.value })} error={errors().fields.title} />
          <Switch>
            <Match when={draft().kind === 'technique'}>
              <TextAreaField label="Script (Markdown)" name="markdown" hint="Shown to the associate as text. A change makes a new version." value={draft().markdown} onInput={(v) => set({ markdown: v })} error={errors().fields.markdown} />
            </Match>
            <Match when={draft().kind === 'link'}>
              <Field label="URL" name="url" type="url" value={draft().url} onInput={(e) => set({ url: e.currentTarget.value })} error={errors().fields.url} hint="http or https; a change makes a new version." />
            </Match>
            <Match when={draft().kind === 'document'}>
              <div class="field-block" classList={{ invalid: !!(errors().fields.file || errors().fields.fileName) }}>
                <label for="material-file">{editing() ? 'New file (a new version)' : 'File'}</label>
                <input id="material-file" name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/webp,image/gif" aria-describedby={errors().fields.file || errors().fields.fileName ? 'material-file-error' : undefined} onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
                <Show when={errors().fields.file || errors().fields.fileName}>
                  <span id="material-file-error" class="field-error">
                    {errors().fields.file || errors().fields.fileName}
                  </span>
                </Show>
              </div>
            </Match>
          </Switch>
          <div class="row-fields">
            <Field label="Categories" name="tags.categories" hint="e.g. Audio > Headphones; TV" value={draft().categories} onInput={(e) => set({ categories: e.currentTarget.value })} error={errors().fields['tags.categories']} />
            <Field label="Opportunity rules" name="tags.rules" hint="Rule ids, comma-separated; asked" value={draft().rules} onInput={(e) => set({ rules: e.currentTarget.value })} error={errors().fields['tags.rules']} />
            <Field label="Channels" name="tags.channels" hint="chat, voice, view, guide" value={draft().channels} onInput={(e) => set({ channels: e.currentTarget.value })} error={errors().fields['tags.channels']} />
            <Field label="Languages" name="tags.languages" hint="e.g. en, fr" value={draft().languages} onInput={(e) => set({ languages: e.currentTarget.value })} error={errors().fields['tags.languages']} />
          </div>
          <FormMessage message={errors().form} />
          <DialogActions submit={editing() ? 'Save' : 'Add'} busy={busy()} />
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** One material's versions, newest first. */
function VersionsPanel(props: { id: string; onClose: () => void }): JSX.Element {
  const state = useConsole();
  const files = useFiles();
  const detail = useRead((id: string) => state.api.get<MaterialDetail>(`/materials/${id}`), () => props.id);
  const [error, setError] = createSignal<string | null>(null);
  return (
    <section class="card detail" aria-labelledby="versions-title">
      <Switch>
        <Match when={detail.problem()}>{(p) => <ErrorState problem={p()} retry={() => detail.refetch()} />}</Match>
        <Match when={!detail.data.latest || detail.data.latest.id !== props.id}>
          <Loading what="the versions" />
        </Match>
        <Match when={detail.data.latest}>
          {(m) => (
            <>
              <div class="page-head">
                <h2 id="versions-title">{m().title}: versions</h2>
                <div class="actions">
                  <Show when={m().kind === 'document' && m().version > 0}>
                    <button
                      type="button"
                      class="small-button"
                      onClick={() => files.download(`/materials/${m().id}/content`, m().fileName ?? 'document').catch((err) => setError(problemOf(err).message))}
                    >
                      Download the file
                    </button>
                  </Show>
                  <button type="button" class="small-button" onClick={() => props.onClose()}>
                    Close
                  </button>
                </div>
              </div>
              <Alert message={error()} />
              <Show when={m().versions.length > 0} fallback={<p class="muted">No version yet: the document’s file is not uploaded.</p>}>
                <ol class="plain-list">
                  <For each={m().versions}>
                    {(v) => (
                      <li class="version">
                        <p class="strong">
                          Version {v.version} · {when(v.createdAt)}
                        </p>
                        <Show when={v.markdown}>
                          <div class="pre">{v.markdown}</div>
                        </Show>
                        <Show when={v.url}>
                          <p class="url">{v.url}</p>
                        </Show>
                        <Show when={v.contentType}>
                          <p class="muted small">
                            {v.contentType}, {bytesText(v.size)}
                          </p>
                        </Show>
                      </li>
                    )}
                  </For>
                </ol>
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </section>
  );
}

/** Materials: the enterprise's library of techniques, links and documents the associates use, ranked by what sells. */
export default function Materials(): JSX.Element {
  const state = useConsole();
  const list = useRead(() => state.api.get<MaterialList>('/materials'));
  const [open, setOpen] = createSignal<string | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const canChange = () => mayChange(state.viewer(), 'POST', '/materials');
  const archive = async (m: MaterialView) => {
    setActionError(null);
    try {
      await state.api.send('DELETE', `/materials/${m.id}`);
      if (open() === m.id) setOpen(null);
      void list.refetch();
    } catch (err) {
      setActionError(problemOf(err).message);
    }
  };
  const tagChips = (t: MaterialTags) => [...t.categories.map((c) => c.join(' › ')), ...t.rules.map((r) => `rule ${r}`), ...t.channels, ...t.languages.map((l) => l.toUpperCase())];
  const columns: Column<MaterialView>[] = [
    { header: 'Title', accessorKey: 'title', cell: (c) => <span class="strong">{c.getValue<string>()}</span> },
    { header: 'Kind', accessorKey: 'kind', cell: (c) => KIND_LABELS[c.getValue<MaterialKind>()] },
    {
      header: 'Fits',
      id: 'tags',
      cell: (c) => (
        <span class="chips">
          <For each={tagChips(c.row.original.tags)} fallback={<span class="muted">anything</span>}>
            {(t) => <span class="chip">{t}</span>}
          </For>
        </span>
      ),
    },
    { header: 'Version', id: 'version', cell: (c) => (c.row.original.version === 0 ? <span class="tag warn">no file yet</span> : c.row.original.version) },
    { header: 'Updated', accessorKey: 'updatedAt', cell: (c) => when(c.getValue<string>()) },
    {
      id: 'actions',
      header: () => <span class="sr-only">Actions</span>,
      cell: (c) => (
        <div class="row-actions">
          <button type="button" class="small-button" aria-expanded={open() === c.row.original.id} onClick={() => setOpen(c.row.original.id)}>
            Versions<span class="sr-only"> of {c.row.original.title}</span>
          </button>
          <Show when={canChange()}>
            <MaterialDialog material={c.row.original} onDone={() => void list.refetch()} />
            <ConfirmButton label="Archive" danger title={`Archive “${c.row.original.title}”?`} confirm="Archive" onConfirm={() => archive(c.row.original)}>
              It leaves the list and the rankings; its versions and its usage stay.
            </ConfirmButton>
          </Show>
        </div>
      ),
    },
  ];
  return (
    <section class="page-section wide">
      <div class="page-head">
        <h1>Materials</h1>
        <Show when={canChange()}>
          <MaterialDialog onDone={() => void list.refetch()} />
        </Show>
      </div>
      <p class="lead">The library the associates sell with: techniques, links and documents, in the enterprise’s order. Each engagement sees them ranked by what sold in its situation.</p>
      <Alert message={actionError()} />
      <Show when={open()}>{(id) => <VersionsPanel id={id()} onClose={() => setOpen(null)} />}</Show>
      <Switch>
        <Match when={list.problem()}>{(p) => <ErrorState problem={p()} retry={() => list.refetch()} />}</Match>
        <Match when={!list.data.latest}>
          <Loading what="the materials" />
        </Match>
        <Match when={list.data.latest?.materials.length === 0}>
          <Empty title="The library is empty">{canChange() ? 'Add a technique, a link or a document.' : 'A sales lead adds the first material.'}</Empty>
        </Match>
        <Match when={list.data.latest}>{(l) => <ServerTable caption="Materials" columns={columns} rows={l().materials} rowKey={(m) => m.id} />}</Match>
      </Switch>
    </section>
  );
}
