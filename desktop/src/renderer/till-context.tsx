/**
 * @module
 * The till client and the logged-in user, provided to every screen.
 */
import type { ReactNode } from 'react';
import { createContext, useContext } from 'react';
import type { AppInfo, TillClient, UserSummary } from '@cassa/shared';

export interface TillState {
  readonly client: TillClient;
  readonly info: AppInfo;
  readonly user: UserSummary | null;
  readonly login: (user: UserSummary, token: string) => void;
  readonly logout: () => void;
}

const TillContext = createContext<TillState | null>(null);

export function TillProvider({ value, children }: { value: TillState; children: ReactNode }) {
  return <TillContext.Provider value={value}>{children}</TillContext.Provider>;
}

export function useTill(): TillState {
  const state = useContext(TillContext);
  if (!state) throw new Error('useTill outside TillProvider');
  return state;
}
