import { useId, useRef, useState } from 'react';
import { Dialog } from '../ui/Dialog';

interface Props {
  readonly keyName: string;
  readonly secret: string;
  /** "I have saved it": the owner drops the secret by unmounting this dialog. */
  onDone(): void;
}

async function copyText(text: string, fallbackInput: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Clipboard API refused (permissions, insecure origin): fall back to selecting the text.
  }
  if (!fallbackInput) return false;
  fallbackInput.select();
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
export function SecretDialog({ keyName, secret, onDone }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const warningId = useId();
  const inputId = useId();

  return (
    <Dialog title={`Secret of ${keyName}`} onClose={onDone} requireAction role="alertdialog" describedBy={warningId}>
      <p id={warningId} className="notice notice-warning">
        Copy this secret now and store it somewhere safe. It is shown <strong>once</strong>: Keyward keeps only a hash of it and cannot show it again.
      </p>
      <div className="field">
        <label htmlFor={inputId}>Secret</label>
        <div className="secret-row">
          <input id={inputId} ref={inputRef} className="secret" readOnly value={secret} spellCheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
          <button
            type="button"
            className="button-secondary"
            onClick={async () => {
              setCopied((await copyText(secret, inputRef.current)) ? 'copied' : 'failed');
            }}
          >
            Copy secret
          </button>
        </div>
        <p className="field-hint" role="status">
          {copied === 'copied' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Could not copy: select the secret and copy it yourself.' : ''}
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onDone} autoFocus>
          I have saved it
        </button>
      </div>
    </Dialog>
  );
}
