/**
 * @module
 * The back office, opened from the till's header by a manager or an administrator: tabs for
 * sales reports, stock, catalogue, users (administrators), settings, devices and sync. The tabs
 * follow the ARIA tabs pattern (arrow keys, Home, End) and every target is at least 44 px.
 */
import type { JSX } from 'react';
import { useId, useMemo, useRef, useState } from 'react';
import { LanguageSwitch } from '../components/language-switch';
import { useTill } from '../till-context';
import './back-office.css';
import { CatalogueTab } from './catalogue-tab';
import { DevicesTab } from './devices-tab';
import { ensureBackOfficeMessages } from './i18n';
import { ReportsTab } from './reports-tab';
import { SettingsTab } from './settings-tab';
import { IdleLockPanel } from '../chain-stock/idle-lock-panel';
import { useBackOffice } from './shared';
import { StockTab } from './stock-tab';
import { SyncTab } from './sync-tab';
import { UsersTab } from './users-tab';

const allTabs = ['reports', 'stock', 'catalogue', 'users', 'settings', 'devices', 'sync'] as const;
type TabId = (typeof allTabs)[number];

const panels: Record<TabId, () => JSX.Element> = {
  reports: ReportsTab,
  stock: StockTab,
  catalogue: CatalogueTab,
  users: UsersTab,
  // Stock across stores (issue 17): the idle lock's minutes below the till's settings.
  settings: () => (
    <>
      <SettingsTab />
      <IdleLockPanel />
    </>
  ),
  devices: DevicesTab,
  sync: SyncTab,
};

export function BackOfficeScreen({ onClose }: { onClose: () => void }) {
  useMemo(ensureBackOfficeMessages, []);
  return <BackOffice onClose={onClose} />;
}

function BackOffice({ onClose }: { onClose: () => void }) {
  const { t, isAdmin } = useBackOffice();
  const { info, user } = useTill();
  const tabs = allTabs.filter((tab) => tab !== 'users' || isAdmin);
  const [active, setActive] = useState<TabId>('reports');
  const buttons = useRef(new Map<TabId, HTMLButtonElement>());
  const base = useId();
  const Panel = panels[active];

  function move(to: number) {
    const next = tabs[(to + tabs.length) % tabs.length];
    if (!next) return;
    setActive(next);
    buttons.current.get(next)?.focus();
  }

  return (
    <div className="back-office">
      <header className="bo-header">
        <h1>{t('title')}</h1>
        <span className="muted-light">{info.shopName} · {info.registerName} · {user?.name}</span>
        <span className="grow" />
        <LanguageSwitch />
        <button type="button" onClick={onClose}>{t('close')}</button>
      </header>
      <div className="bo-tabs" role="tablist" aria-label={t('tabs.label')}>
        {tabs.map((tab, index) => (
          <button
            key={tab}
            ref={(el) => {
              if (el) buttons.current.set(tab, el);
              else buttons.current.delete(tab);
            }}
            type="button"
            role="tab"
            id={`${base}-${tab}`}
            aria-selected={tab === active}
            aria-controls={`${base}-panel`}
            tabIndex={tab === active ? 0 : -1}
            onClick={() => setActive(tab)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(index + 1);
              else if (e.key === 'ArrowLeft') move(index - 1);
              else if (e.key === 'Home') move(0);
              else if (e.key === 'End') move(tabs.length - 1);
              else return;
              e.preventDefault();
            }}
          >
            {t(`tabs.${tab}`)}
          </button>
        ))}
      </div>
      <main className="bo-body" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${active}`} tabIndex={-1}>
        <Panel key={active} />
      </main>
    </div>
  );
}
