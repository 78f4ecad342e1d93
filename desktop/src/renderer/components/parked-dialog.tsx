/**
 * @module
 * Parked tickets of this register, oldest first; picking one makes it the open ticket.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketView } from '@cassa/shared';
import { describeError, formatMoney, formatTime } from '../i18n/i18n';
import { useTill } from '../till-context';
import { Dialog } from './dialog';

interface Parked {
  ticketId: string;
  parkedAt: string;
  cashierName: string;
  lineCount: number;
  totalCents: number;
}

export function ParkedDialog({ onClose, onResumed }: { onClose: () => void; onResumed: (ticket: TicketView) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { client } = useTill();
  const [parked, setParked] = useState<Parked[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    client.call('sale.parked', {}).then(setParked).catch((e: unknown) => setError(describeError(e, lang)));
  }, [client, lang]);

  return (
    <Dialog title={t('sale.parked')} onClose={onClose}>
      {parked && parked.length === 0 && <p className="muted">{t('sale.noParked')}</p>}
      {parked && parked.length > 0 && (
        <ul className="plain-list">
          {parked.map((p, i) => (
            <li key={p.ticketId}>
              <button
                type="button"
                className="list-button"
                autoFocus={i === 0}
                aria-label={t('sale.resumeTicket', { name: p.cashierName, time: formatTime(p.parkedAt, lang), total: formatMoney(p.totalCents, lang) })}
                onClick={() => {
                  client.call('sale.resume', { ticketId: p.ticketId }).then(onResumed).catch((e: unknown) => setError(describeError(e, lang)));
                }}
              >
                <span>{t('sale.parkedLine', { name: p.cashierName, time: formatTime(p.parkedAt, lang), lines: p.lineCount })}</span>
                <strong className="price">{formatMoney(p.totalCents, lang)}</strong>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="row">
        <span className="grow" />
        <button type="button" autoFocus={!parked || parked.length === 0} onClick={onClose}>{t('sale.close')} <kbd>Esc</kbd></button>
      </div>
    </Dialog>
  );
}
