import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/**
 * The session token lives in memory and in sessionStorage (so a reload keeps you signed in within
 * the tab), never in localStorage: it ends with the tab and is not shared with other tabs.
 */
const STORAGE_KEY = 'keyward.session';

export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly email: string;
}

interface SessionContextValue {
  readonly session: Session | null;
  signIn(session: Session): void;
  signOut(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function load(storage: Storage | null): Session | null {
  try {
    const raw = storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.token !== 'string' || typeof parsed.expiresAt !== 'string' || typeof parsed.email !== 'string') return null;
    if (Date.parse(parsed.expiresAt) <= Date.now()) return null;
    return { token: parsed.token, expiresAt: parsed.expiresAt, email: parsed.email };
  } catch {
    return null;
  }
}

function sessionStorageOrNull(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Session | null }) {
  const [session, setSession] = useState<Session | null>(() => (initial !== undefined ? initial : load(sessionStorageOrNull())));

  const signIn = useCallback((next: Session) => {
    sessionStorageOrNull()?.setItem(STORAGE_KEY, JSON.stringify(next));
    setSession(next);
  }, []);
  const signOut = useCallback(() => {
    sessionStorageOrNull()?.removeItem(STORAGE_KEY);
    setSession(null);
  }, []);

  // The server refuses an expired token anyway; ending the session on time avoids a failed request first.
  useEffect(() => {
    if (!session) return;
    const remaining = Date.parse(session.expiresAt) - Date.now();
    if (remaining > 2 ** 31 - 1) return;
    const timer = setTimeout(signOut, Math.max(remaining, 0));
    return () => clearTimeout(timer);
  }, [session, signOut]);

  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession needs a <SessionProvider>');
  return value;
}
