import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/errors';
import { useMutation, useQuery } from '../api/hooks';
import {
  ConfirmTotpEnrollmentDocument,
  FinishPasskeyEnrollmentDocument,
  MySecondFactorsDocument,
  RemoveSecondFactorDocument,
  StartPasskeyEnrollmentDocument,
  StartTotpEnrollmentDocument,
  type SecondFactorKind,
} from '../gql/graphql';
import { ErrorNotice, formatDate, Loading } from '../ui/feedback';
import { TextField } from '../ui/fields';

const KIND_LABEL: Record<SecondFactorKind, string> = { TOTP: 'Authenticator app', PASSKEY: 'Passkey' };

/**
 * The signed-in user's second factors (SPEC 10): authenticator app (QR code) with recovery codes,
 * passkeys, removal. Every change asks for the current password again.
 */
export function SecondFactors({ required, onChanged }: { required: boolean; onChanged(): void }) {
  const query = useQuery(MySecondFactorsDocument, {});
  const startTotp = useMutation(StartTotpEnrollmentDocument);
  const confirmTotp = useMutation(ConfirmTotpEnrollmentDocument);
  const startPasskey = useMutation(StartPasskeyEnrollmentDocument);
  const finishPasskey = useMutation(FinishPasskeyEnrollmentDocument);
  const remove = useMutation(RemoveSecondFactorDocument);
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<readonly string[] | null>(null);
  const [passkeyError, setPasskeyError] = useState<ApiError | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);

  // The QR code is drawn here, as an SVG data URL (the CSP allows img-src data:); the secret never leaves the page.
  useEffect(() => {
    if (!totp) return setQr(null);
    let live = true;
    void QRCode.toString(totp.otpauthUri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then((svg) => {
      if (live) setQr(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    });
    return () => {
      live = false;
    };
  }, [totp]);

  const changed = async (codes: readonly string[]) => {
    setPassword('');
    if (codes.length > 0) setRecoveryCodes(codes);
    await query.refetch();
    onChanged();
  };

  const beginTotp = async () => {
    const result = await startTotp.run({ password });
    if (result) setTotp(result.startTotpEnrollment);
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    const result = await confirmTotp.run({ code: code.replace(/\s/g, '') });
    if (!result) return;
    setTotp(null);
    setCode('');
    await changed(result.confirmTotpEnrollment.recoveryCodes);
  };

  const addPasskey = async () => {
    setPasskeyError(null);
    const started = await startPasskey.run({ password });
    if (!started) return;
    let response: Record<string, unknown>;
    try {
      response = (await startRegistration({ optionsJSON: started.startPasskeyEnrollment.options as unknown as PublicKeyCredentialCreationOptionsJSON })) as unknown as Record<string, unknown>;
    } catch (error) {
      setPasskeyError(new ApiError(`The passkey was not created: ${(error as Error).message}`, 'BAD_USER_INPUT'));
      return;
    }
    const finished = await finishPasskey.run({ response });
    if (finished) await changed(finished.finishPasskeyEnrollment.recoveryCodes);
  };

  const removeFactor = async (id: string) => {
    setRemoving(id);
    const result = await remove.run({ id, password });
    setRemoving(null);
    if (result) await changed([]);
  };

  const factors = query.data?.me.secondFactors;
  const error = startTotp.error ?? startPasskey.error ?? finishPasskey.error ?? remove.error ?? passkeyError;
  return (
    <section aria-labelledby="factors-title">
      <h1 id="factors-title">Second factors</h1>
      {required && factors?.length === 0 ? (
        <p className="notice notice-warning" role="alert">
          An organization you belong to requires a second factor. Add an authenticator app or a passkey to continue.
        </p>
      ) : null}
      <p className="lead">A second factor is asked for after your password when you sign in.</p>
      <ErrorNotice error={query.error} />
      {query.loading && !factors ? <Loading what="second factors" /> : null}
      {factors && factors.length === 0 ? <p className="empty">No second factor yet.</p> : null}
      {factors && factors.length > 0 ? (
        <table className="table responsive" aria-label="Your second factors">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Added</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {factors.map((factor) => (
              <tr key={factor.id}>
                <td data-label="Kind">{KIND_LABEL[factor.kind]}</td>
                <td data-label="Added">{formatDate(factor.createdAt)}</td>
                <td data-label="Last used">{formatDate(factor.lastUsedAt, 'Never')}</td>
                <td className="actions">
                  <button type="button" className="button-danger" disabled={removing === factor.id} onClick={() => removeFactor(factor.id)}>
                    Remove<span className="visually-hidden"> {KIND_LABEL[factor.kind]}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      {recoveryCodes ? (
        <div className="card" role="region" aria-labelledby="recovery-title">
          <h2 id="recovery-title">Recovery codes</h2>
          <p>Save these now: they are shown only once. Each one signs you in once if you lose your second factor.</p>
          <ul className="recovery-codes" aria-label="Recovery codes">
            {recoveryCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setRecoveryCodes(null)}>
            I have saved them
          </button>
        </div>
      ) : null}

      <div className="card inline-form" role="region" aria-labelledby="add-factor-title">
        <h2 id="add-factor-title">Add or remove a second factor</h2>
        <TextField
          label="Current password"
          type="password"
          name="current-password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.fieldMessage('password')}
          hint="Needed to add or remove a second factor."
        />
        <ErrorNotice error={error} extraFields={error?.unclaimedFields(['password']) ?? []} />
        <div className="button-row">
          <button type="button" onClick={beginTotp} disabled={startTotp.pending || totp !== null}>
            Set up an authenticator app
          </button>
          <button type="button" onClick={addPasskey} disabled={startPasskey.pending || finishPasskey.pending}>
            Add a passkey
          </button>
        </div>
      </div>

      {totp ? (
        <form className="card" onSubmit={submitCode} noValidate aria-labelledby="totp-title">
          <h2 id="totp-title">Scan this code with your authenticator app</h2>
          {qr ? <img className="qr-code" src={qr} width={200} height={200} alt="QR code of the authenticator app secret" /> : null}
          <p>
            Or type the secret: <code aria-label="Authenticator secret">{totp.secret}</code>
          </p>
          <TextField label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={confirmTotp.error?.fieldMessage('code')} />
          <ErrorNotice error={confirmTotp.error} extraFields={confirmTotp.error?.unclaimedFields(['code']) ?? []} />
          <button type="submit" disabled={confirmTotp.pending}>
            Confirm
          </button>
        </form>
      ) : null}
    </section>
  );
}
