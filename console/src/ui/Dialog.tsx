import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  readonly title: string;
  readonly children: ReactNode;
  /** Called when the dialog is dismissed (Escape or a close button). */
  readonly onClose: () => void;
  /** When true, Escape does nothing: the user must pick an action (e.g. "I have saved it"). */
  readonly requireAction?: boolean;
  readonly role?: 'dialog' | 'alertdialog';
  readonly describedBy?: string;
}

/**
 * A modal on the native <dialog>: the browser traps focus, makes the page behind it inert and
 * returns focus to the opener when it closes. Mount it to open it, unmount it to close it.
 * The control to focus first carries `data-autofocus`.
 */
export function Dialog({ title, children, onClose, requireAction = false, role, describedBy }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // jsdom has no showModal; the open attribute is enough there.
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    // React handles autoFocus itself, before showModal moves focus: mark the intended control instead.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const cancel = (event: Event) => {
      event.preventDefault();
      if (!requireAction) onCloseRef.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => dialog.removeEventListener('cancel', cancel);
  }, [requireAction]);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={titleId} aria-describedby={describedBy} role={role}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

interface FormActionsProps {
  readonly onCancel: () => void;
  /** The submit button is disabled while the mutation runs, and while `disabled` holds. */
  readonly pending: boolean;
  readonly disabled?: boolean;
  /** A destructive submit (revoke): red, and Cancel takes the first focus. */
  readonly danger?: boolean;
  /** The submit button's label. */
  readonly children: ReactNode;
}

/** A form dialog's buttons: Cancel, then the submit button. */
export function FormActions({ onCancel, pending, disabled = false, danger = false, children }: FormActionsProps) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button-secondary" onClick={onCancel} data-autofocus={danger || undefined}>
        Cancel
      </button>
      <button type="submit" className={danger ? 'button-danger' : undefined} disabled={pending || disabled}>
        {children}
      </button>
    </div>
  );
}
