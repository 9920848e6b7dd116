import { useId, useRef, useState } from 'react';
import { Dialog } from '../ui/Dialog';

interface Props {
  readonly keyName: string;
  readonly secret: string;
  /** Overrides the title ("Secret of <keyName>"). */
  readonly title?: string;
  /** Why it cannot be shown again; the default fits API keys, whose secrets are kept as hashes. */
  readonly note?: string;
  /** "I have saved it": the owner drops the secret by unmounting this dialog. */
  onDone(): void;
}

function selectText(element: HTMLElement | null): void {
  if (!element) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

async function copyText(text: string, fallback: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Clipboard API refused (permissions, insecure origin): fall back to selecting the text.
  }
  selectText(fallback);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/**
 * Shows a new secret once. Escape does not close it: the user has to say they saved it, because
 * after this the secret cannot be read again.
 */
export function SecretDialog({ keyName, secret, title, note, onDone }: Props) {
  const secretRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const warningId = useId();
  const labelId = useId();

  return (
    <Dialog title={title ?? `Secret of ${keyName}`} onClose={onDone} requireAction role="alertdialog" describedBy={warningId}>
      <p id={warningId} className="notice notice-warning">
        Copy this secret now and store it somewhere safe. It is shown <strong>once</strong>: {note ?? 'Keyward keeps only a hash of it and cannot show it again.'}
      </p>
      <div className="field">
        <span id={labelId} className="field-label">
          Secret
        </span>
        <code ref={secretRef} className="secret" role="textbox" aria-readonly="true" aria-labelledby={labelId} tabIndex={0} data-testid="secret" onFocus={(e) => selectText(e.currentTarget)}>
          {secret}
        </code>
        <div className="secret-actions">
          <button
            type="button"
            className="button-secondary"
            data-autofocus
            onClick={async () => {
              setCopied((await copyText(secret, secretRef.current)) ? 'copied' : 'failed');
            }}
          >
            Copy secret
          </button>
          <span className="field-hint" role="status">
            {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy: select the secret and copy it yourself.' : ''}
          </span>
        </div>
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onDone}>
          I have saved it
        </button>
      </div>
    </Dialog>
  );
}
