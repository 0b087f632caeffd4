import { AlertDialog } from '@kobalte/core/alert-dialog';
import { Dialog } from '@kobalte/core/dialog';
import { createSignal, type JSX } from 'solid-js';

/**
 * A dialog that asks before a final step (Kobalte's alert dialog: focus kept inside, Escape cancels). Its caller holds
 * it open or shut and says when the step is under way; `trigger`, if given, is the Kobalte trigger that opens it.
 */
export function ConfirmDialog(props: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  children: JSX.Element;
  confirm: string;
  danger?: boolean;
  busy: boolean;
  onConfirm: () => void;
  trigger?: JSX.Element;
}): JSX.Element {
  return (
    <AlertDialog open={props.open} onOpenChange={props.onOpenChange}>
      {props.trigger}
      <AlertDialog.Portal>
        <AlertDialog.Overlay class="overlay" />
        <div class="dialog-position">
          <AlertDialog.Content class="dialog">
            <AlertDialog.Title class="dialog-title">{props.title}</AlertDialog.Title>
            <AlertDialog.Description as="div" class="dialog-body">
              {props.children}
            </AlertDialog.Description>
            <div class="actions">
              <button type="button" class={props.danger ? 'danger' : 'primary'} disabled={props.busy} onClick={() => props.onConfirm()}>
                {props.confirm}
              </button>
              <AlertDialog.CloseButton class="secondary" aria-label="Cancel">Cancel</AlertDialog.CloseButton>
            </div>
          </AlertDialog.Content>
        </div>
      </AlertDialog.Portal>
    </AlertDialog>
  );
}

/** A button that asks before it acts (revoke, rotate, deactivate): the confirm dialog, shut again once the act is done. */
export function ConfirmButton(props: { label: string; title: string; children: JSX.Element; confirm: string; danger?: boolean; onConfirm: () => Promise<void> | void; disabled?: boolean }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  const act = async () => {
    setBusy(true);
    try {
      await props.onConfirm();
      setOpen(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      open={open()}
      onOpenChange={setOpen}
      title={props.title}
      confirm={props.confirm}
      danger={props.danger}
      busy={busy()}
      onConfirm={() => void act()}
      trigger={
        <AlertDialog.Trigger class={props.danger ? 'small-button danger' : 'small-button'} disabled={props.disabled}>
          {props.label}
        </AlertDialog.Trigger>
      }
    >
      <p>{props.children}</p>
    </ConfirmDialog>
  );
}

/** A secret shown once (a new API key, an invitation link): to copy now, never shown again. */
export function ShownOnce(props: { title: string; value: string; note: string; onDone: () => void }): JSX.Element {
  const [copied, setCopied] = createSignal(false);
  return (
    <div class="notice once" role="status">
      <p class="state-title">{props.title}</p>
      <p class="muted small">{props.note}</p>
      <code class="secret">{props.value}</code>
      <div class="actions">
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(props.value).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied() ? 'Copied' : 'Copy'}
        </button>
        <button type="button" class="link" onClick={() => props.onDone()}>
          Done
        </button>
      </div>
    </div>
  );
}

/** A dialog's frame (Kobalte): over a dimmed page, its title and what it is for, then its form. */
export function DialogFrame(props: { title: string; description: string; wide?: boolean; children: JSX.Element }): JSX.Element {
  return (
    <Dialog.Portal>
      <Dialog.Overlay class="overlay" />
      <div class="dialog-position">
        <Dialog.Content class={props.wide ? 'dialog wide' : 'dialog'}>
          <Dialog.Title class="dialog-title">{props.title}</Dialog.Title>
          <Dialog.Description class="muted small">{props.description}</Dialog.Description>
          {props.children}
        </Dialog.Content>
      </div>
    </Dialog.Portal>
  );
}

/** A dialog form's buttons: its action (held while `busy`), and Cancel (which closes it). */
export function DialogActions(props: { submit: string; busy?: boolean }): JSX.Element {
  return (
    <div class="actions">
      <button type="submit" class="primary" disabled={props.busy}>
        {props.submit}
      </button>
      <Dialog.CloseButton class="secondary" aria-label="Cancel">
        Cancel
      </Dialog.CloseButton>
    </div>
  );
}
