/**
 * @module
 * The sale screen's header: shop, register, shift number, who is signed in, language, back
 * office (not for cashiers), lock and log out.
 */
import { useTranslation } from 'react-i18next';
import type { ShiftView } from '@cassa/shared';
import { LanguageSwitch } from '../../components/language-switch';
import { useTill } from '../../till-context';

export function TillHeader({ shift, onBackOffice, onLock }: { shift: ShiftView | null; onBackOffice: () => void; onLock: () => void }) {
  const { t } = useTranslation();
  const { info, user, logout } = useTill();
  return (
    <header className="till-header">
      <strong>{info.shopName}</strong>
      <span>{info.registerName}</span>
      {shift && <span>{t('shift.number', { z: shift.zNumber })}</span>}
      <span className="grow" />
      <span>{user?.name}</span>
      <LanguageSwitch />
      {user?.role !== 'cashier' && (
        <button type="button" onClick={onBackOffice}>
          {t('app.backOffice')}
        </button>
      )}
      <button type="button" onClick={onLock} aria-keyshortcuts="Control+L">{t('app.lock')} <kbd>Ctrl+L</kbd></button>
      <button type="button" onClick={logout}>{t('app.logout')}</button>
    </header>
  );
}
