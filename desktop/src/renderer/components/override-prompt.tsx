/**
 * @module
 * The manager override, for any gated call. `useGated()(send, action)` sends the call; when the
 * core answers NOT_AUTHORISED with `{needed}`, a prompt asks a manager to pick their name and type
 * their PIN, and the same call is sent again with `override: {userId, pin}`. A wrong PIN keeps the
 * prompt open; Cancel rejects with `OverrideCancelled`, which callers treat as "nothing happened".
 */
import type { ReactNode } from 'react';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, UserSummary } from '@cassa/shared';
import { CassaError } from '@cassa/shared';
import { describeError } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';

export interface ManagerOverride {
  readonly userId: string;
  readonly pin: string;
}

/** What an action needs approved for, shown in the prompt ("override.action.<key>"). */
export type GatedAction = 'discount' | 'price' | 'refund' | 'postVoid' | 'void' | 'cancel' | 'close' | 'fiscalManual' | 'unreferencedReturn';

export type Gated = <T>(send: (override?: ManagerOverride) => Promise<T>, action: GatedAction) => Promise<T>;

export class OverrideCancelled extends Error {
  constructor() {
    super('Manager override cancelled');
    this.name = 'OverrideCancelled';
  }
}

const rank: Record<Role, number> = { cashier: 0, manager: 1, admin: 2 };

interface Pending {
  readonly needed: Role;
  readonly action: GatedAction;
  readonly attempt: (override: ManagerOverride) => Promise<void>;
  readonly cancel: () => void;
}

const GatedContext = createContext<Gated | null>(null);

export function useGated(): Gated {
  const gated = useContext(GatedContext);
  if (!gated) throw new Error('useGated outside OverrideProvider');
  return gated;
}

function neededRole(error: unknown): Role | null {
  if (!(error instanceof CassaError) || error.code !== 'NOT_AUTHORISED') return null;
  const details = error.details as { needed?: unknown } | undefined;
  const needed = details?.needed;
  return needed === 'manager' || needed === 'admin' || needed === 'cashier' ? needed : null;
}

export function OverrideProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);

  const gated = useCallback<Gated>(async (send, action) => {
    try {
      return await send();
    } catch (error) {
      const needed = neededRole(error);
      if (!needed) throw error;
      return new Promise((resolve, reject) => {
        setPending({
          needed,
          action,
          attempt: async (override) => {
            const result = await send(override);
            setPending(null);
            resolve(result);
          },
          cancel: () => {
            setPending(null);
            reject(new OverrideCancelled());
          },
        });
      });
    }
  }, []);

  return (
    <GatedContext.Provider value={gated}>
      {children}
      {pending && <OverridePrompt key={pending.action + pending.needed} pending={pending} />}
    </GatedContext.Provider>
  );
}

function OverridePrompt({ pending }: { pending: Pending }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const [users, setUsers] = useState<UserSummary[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    client
      .call('session.users', {})
      .then((all) => {
        const approvers = all.filter((u) => rank[u.role] >= rank[pending.needed]);
        setUsers(approvers);
        if (approvers.length === 0) setError(t('override.noManagers'));
        setChosen((current) => current ?? approvers[0]?.id ?? null);
      })
      .catch((e: unknown) => setError(describeError(e, i18n.language)));
  }, [client, pending.needed, i18n.language, t]);

  async function approve() {
    if (!chosen || pin.length < 4 || busy) return;
    setBusy(true);
    try {
      await pending.attempt({ userId: chosen, pin });
    } catch (e) {
      // A wrong PIN or a user who may not approve: stay open for another try.
      const retry = e instanceof CassaError && (e.code === 'INVALID_PIN' || e.code === 'NOT_AUTHORISED' || e.code === 'LOCKED_OUT');
      setError(describeError(e, i18n.language));
      setPin('');
      if (!retry) pending.cancel();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('override.title')} onClose={pending.cancel}>
      <form className="override" onSubmit={(e) => { e.preventDefault(); void approve(); }}>
        <p>{t('override.why', { action: t(`override.action.${pending.action}`) })}</p>
        <div className="choice-row" role="radiogroup" aria-label={t('override.chooseManager')}>
          {users.map((user) => (
            <button
              key={user.id}
              type="button"
              role="radio"
              aria-checked={chosen === user.id}
              className={chosen === user.id ? 'choice chosen' : 'choice'}
              onClick={() => setChosen(user.id)}
            >
              {user.name}
            </button>
          ))}
        </div>
        <label>
          {t('override.pin')}
          <input
            autoFocus
            type="password"
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
          />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="row">
          <button type="button" onClick={pending.cancel}>{t('override.cancel')} <kbd>Esc</kbd></button>
          <button type="submit" className="primary" disabled={!chosen || pin.length < 4 || busy}>{t('override.approve')} <kbd>↵</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
