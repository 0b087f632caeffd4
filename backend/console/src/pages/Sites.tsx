import { Dialog } from '@kobalte/core/dialog';
import { createSignal, For, type JSX, Match, Show, Switch } from 'solid-js';
import type { EnterpriseSite, EnterpriseSiteList, IdentitySecretCreated } from '../../../../shared/identity';
import { problemOf } from '../api.core';
import { ConfirmButton, DialogActions, DialogFrame, ShownOnce } from '../components/Confirm';
import { Field, FormMessage, TextAreaField } from '../components/Field';
import { Alert, Empty, ErrorState, Loading, Notice } from '../components/States';
import { useRead, when } from '../data';
import { type FormErrors, firstFieldAtFault, NO_ERRORS } from '../form.core';
import { mayChange } from '../nav.core';
import { checkSite, EMPTY_SITE, maskLines, SITE_FIELDS, type SiteForm, siteForm, siteFormErrors } from '../settings/site.core';
import { useConsole } from '../state';

/** The browser's own CSS parser: whether `document.querySelector` takes the selector. */
function isSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

function focusAtFault(errors: FormErrors): void {
  const name = firstFieldAtFault(errors, SITE_FIELDS);
  if (name) queueMicrotask(() => document.querySelector<HTMLElement>(`.dialog [name="${CSS.escape(name)}"]`)?.focus());
}

const ADAPTER_HINT = 'JSON: page kinds, product, search, cart, order and customer selectors (see the API’s SiteAdapter). Empty: the extension’s generic detection.';

/** A site's form in a dialog: add one, or edit one; checked as the user types, then by the server. */
function SiteDialog(props: { site?: EnterpriseSite; onSaved: (name: string) => void }): JSX.Element {
  const state = useConsole();
  const [open, setOpen] = createSignal(false);
  const [form, setForm] = createSignal<SiteForm>(EMPTY_SITE);
  const [touched, setTouched] = createSignal<Set<string>>(new Set());
  const [serverErrors, setServerErrors] = createSignal<FormErrors>(NO_ERRORS);
  const check = () => checkSite(form(), isSelector);
  /** The server's words after a refusal; before, the check's words on each field the user changed. */
  const errors = (): FormErrors => {
    if (serverErrors().form || Object.keys(serverErrors().fields).length) return serverErrors();
    const fields = Object.fromEntries(Object.entries(check().errors.fields).filter(([k]) => touched().has(k)));
    return { form: null, fields };
  };
  const patch = (field: keyof SiteForm, value: string | boolean) => {
    setForm((f) => ({ ...f, [field]: value }));
    setTouched((t) => new Set(t).add(field));
    setServerErrors(NO_ERRORS);
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setTouched(new Set<string>(SITE_FIELDS));
    const c = check();
    if (!c.ok) return focusAtFault(c.errors);
    try {
      if (props.site) await state.api.send('PATCH', `/enterprise/sites/${props.site.id}`, c.body);
      else await state.api.send('POST', '/enterprise/sites', c.body);
      setOpen(false);
      props.onSaved(c.body.name);
    } catch (err) {
      const next = siteFormErrors(problemOf(err));
      setServerErrors(next);
      focusAtFault(next);
    }
  };
  return (
    <Dialog
      open={open()}
      onOpenChange={(o) => {
        if (o) {
          setForm(props.site ? siteForm(props.site) : EMPTY_SITE);
          setTouched(new Set<string>());
          setServerErrors(NO_ERRORS);
        }
        setOpen(o);
      }}
    >
      <Dialog.Trigger class={props.site ? 'small-button' : 'primary'}>{props.site ? 'Edit' : 'Add a site'}</Dialog.Trigger>
      <DialogFrame
        wide
        title={props.site ? `Edit ${props.site.name}` : 'Add a site'}
        description="The extension reads the site’s pages with its adapter; the masking selectors hide parts of a page while a shopper shares it with an associate."
      >
        <form onSubmit={submit} novalidate class="form">
          <div class="row-fields top">
            <Field label="Name" name="name" hint="As shoppers know it" required maxlength="100" value={form().name} onInput={(e) => patch('name', e.currentTarget.value)} error={errors().fields.name} />
            <Field label="Domain" name="domain" hint="e.g. shop.example.com (its subdomains too)" required value={form().domain} onInput={(e) => patch('domain', e.currentTarget.value)} error={errors().fields.domain} />
          </div>
          <label class="check">
            <input type="checkbox" name="active" checked={form().active} onChange={(e) => patch('active', e.currentTarget.checked)} />
            Taking part (the extension observes it)
          </label>
          <TextAreaField label="Adapter" name="adapter" hint={ADAPTER_HINT} value={form().adapter} onInput={(v) => patch('adapter', v)} error={errors().fields.adapter} />
          <TextAreaField
            label="Masking selectors"
            name="masks"
            hint={`One CSS selector a line (at most 50), e.g. .account-number. Passwords, payment fields and typed values are masked anyway. ${maskLines(form().masks).length} listed.`}
            value={form().masks}
            onInput={(v) => patch('masks', v)}
            error={errors().fields.masks}
          />
          <FormMessage message={errors().form} />
          <DialogActions submit={props.site ? 'Save the site' : 'Add the site'} />
        </form>
      </DialogFrame>
    </Dialog>
  );
}

/** One site: where it is, whether it takes part, its identity secrets (made, rotated, retired) and its adapter in brief. */
function SiteCard(props: { site: EnterpriseSite; canChange: boolean; onSecret: (s: { site: string; secret: string }) => void; onChanged: (message?: string) => void; onError: (message: string) => void }): JSX.Element {
  const state = useConsole();
  const secrets = () => props.site.identity.secrets;
  const adapterParts = () => Object.keys(props.site.adapter ?? {}).filter((k) => k !== 'mask');
  const masks = () => props.site.adapter?.mask ?? [];
  const makeSecret = async () => {
    try {
      const made = await state.api.send<IdentitySecretCreated>('POST', `/sites/${props.site.id}/identity-secrets`);
      props.onSecret({ site: props.site.name, secret: made.secret });
      props.onChanged();
    } catch (err) {
      props.onError(problemOf(err).message);
    }
  };
  return (
    <article class="card site-card" aria-labelledby={`site-${props.site.id}`}>
      <div class="page-head">
        <div>
          <h2 id={`site-${props.site.id}`}>{props.site.name}</h2>
          <p class="muted small">
            <code>{props.site.domain}</code> · {props.site.active ? <span class="tag">Taking part</span> : <span class="tag warn">Paused</span>}
          </p>
        </div>
        <Show when={props.canChange}>
          <SiteDialog site={props.site} onSaved={(name) => props.onChanged(`${name} is saved.`)} />
        </Show>
      </div>
      <dl class="kv">
        <dt>Adapter</dt>
        <dd>{adapterParts().length ? adapterParts().join(', ') : <span class="muted">none: generic detection</span>}</dd>
        <dt>Masked</dt>
        <dd>
          <Show when={masks().length} fallback={<span class="muted">the defaults only</span>}>
            <span class="chips">
              <For each={masks()}>{(m) => <code class="chip">{m}</code>}</For>
            </span>
          </Show>
        </dd>
        <dt>Identity</dt>
        <dd>
          {secrets().length === 0 ? 'No secret: customer ids its pages show are claims, not proven.' : `${secrets().length} live secret${secrets().length > 1 ? 's' : ''}`}
          <Show when={props.site.identity.rejectedTokens > 0}>
            <span class="tag warn">
              {props.site.identity.rejectedTokens} token{props.site.identity.rejectedTokens > 1 ? 's' : ''} refused, last {when(props.site.identity.lastRejectedAt)}
            </span>
          </Show>
        </dd>
      </dl>
      <Show when={secrets().length > 0}>
        <ul class="plain-list secrets">
          <For each={secrets()}>
            {(s, i) => (
              <li>
                <span>
                  Secret made {when(s.createdAt)}
                  {secrets().length > 1 ? (i() === secrets().length - 1 ? ' (newest)' : ' (previous)') : ''}
                </span>
                <Show when={props.canChange}>
                  <ConfirmButton
                    label="Retire"
                    danger
                    title="Retire this secret?"
                    confirm="Retire the secret"
                    onConfirm={async () => {
                      try {
                        await state.api.send('DELETE', `/sites/${props.site.id}/identity-secrets/${s.id}`);
                        props.onChanged('The secret is retired.');
                      } catch (err) {
                        props.onError(problemOf(err).message);
                      }
                    }}
                  >
                    Tokens the shop signs with it stop being verified at once. Retire it once the shop signs with the newer one.
                  </ConfirmButton>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.canChange}>
        <div class="actions">
          <Show
            when={secrets().length > 0}
            fallback={
              <button type="button" class="small-button" onClick={makeSecret}>
                Make an identity secret
              </button>
            }
          >
            <ConfirmButton label="Rotate the secret" title={`Rotate ${props.site.name}’s identity secret?`} confirm="Make the new secret" onConfirm={makeSecret}>
              A new secret is made and shown once. The current one keeps working beside it until you retire it, so no page breaks while the shop changes over. A site holds two at most.
            </ConfirmButton>
          </Show>
        </div>
      </Show>
    </article>
  );
}

/** Sites and adapters: the enterprise's sites, their domains, identity secrets, adapters and masking selectors. */
export default function Sites(): JSX.Element {
  const state = useConsole();
  const list = useRead(() => state.api.get<EnterpriseSiteList>('/enterprise/sites'));
  const [secret, setSecret] = createSignal<{ site: string; secret: string } | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [actionError, setActionError] = createSignal<string | null>(null);
  const canChange = () => mayChange(state.viewer(), 'PATCH', '/enterprise/sites/x');
  const changed = (message?: string) => {
    setActionError(null);
    setNotice(message ?? null);
    void list.refetch();
  };
  return (
    <section class="page-section">
      <div class="page-head">
        <h1>Sites</h1>
        <Show when={canChange()}>
          <SiteDialog onSaved={(name) => changed(`${name} is added.`)} />
        </Show>
      </div>
      <p class="lead">The enterprise’s shops: where the extension observes, how it reads their pages, what it hides when a shopper shares a tab, and the secrets that prove which customer a page shows.</p>
      <Show when={secret()}>
        {(s) => (
          <ShownOnce
            title={`New identity secret for ${s().site}`}
            value={s().secret}
            note="Copy it into the shop’s server now: it is not shown again. The shop signs each signed-in customer’s token (HS256 JWT, sub = its customer id) with it."
            onDone={() => setSecret(null)}
          />
        )}
      </Show>
      <Notice message={notice()} />
      <Alert message={actionError()} />
      <Switch>
        <Match when={list.problem()}>{(p) => <ErrorState problem={p()} retry={() => list.refetch()} />}</Match>
        <Match when={!list.data.latest}>
          <Loading what="the sites" />
        </Match>
        <Match when={list.data.latest?.sites.length === 0}>
          <Empty title="No sites yet">{canChange() ? 'Add the shop’s domain: the extension starts observing it at once.' : 'An admin or owner adds the shop’s domain.'}</Empty>
        </Match>
        <Match when={list.data.latest}>
          {(l) => (
            <div class="site-list">
              <For each={l().sites}>
                {(site) => (
                  <SiteCard
                    site={site}
                    canChange={canChange()}
                    onSecret={(s) => {
                      setNotice(null);
                      setSecret(s);
                    }}
                    onChanged={changed}
                    onError={(m) => {
                      setNotice(null);
                      setActionError(m);
                    }}
                  />
                )}
              </For>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}
