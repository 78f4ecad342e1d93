/**
 * @module
 * "Trasferimenti in arrivo" (issue 17): the transfers head office sent to this store. The clerk
 * opens one and scans what arrived (each scan adds a piece; an item the transfer does not hold is
 * refused with the reason, in words), corrects a line if needed, and confirms: the till books what
 * was counted, and head office closes the transfer with any difference. The screen replaces the
 * sale screen, so scans here never ring up in a sale.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IncomingTransferView } from '@cassa/shared';
import { describeError } from '../i18n/i18n';
import { useKeyboardWedge } from '../input/use-keyboard-wedge';
import { useTill } from '../till-context';
import { ageOf, quantityText, useChainStockText } from './i18n';

export function IncomingTransfersScreen({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useChainStockText();
  const { client } = useTill();
  const [transfers, setTransfers] = useState<IncomingTransferView[] | null>(null);
  const [open, setOpen] = useState<IncomingTransferView | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language;

  const load = useCallback(() => {
    client
      .call('transfers.incoming', {})
      .then(setTransfers)
      .catch((e: unknown) => setError(describeError(e, lang)));
  }, [client, lang]);
  useEffect(load, [load]);

  return (
    <div className="till">
      <header className="till-header">
        <strong>{t('transfers.title')}</strong>
        <span className="grow" />
        <button type="button" onClick={onClose}>{t('transfers.back')}</button>
      </header>
      <main className="bo-stack transfers">
        {notice && <p role="status" className="notice">{notice}</p>}
        {error && <p role="alert" className="error">{error}</p>}
        {open ? (
          <ReceiveTransfer
            transfer={open}
            onCancel={() => setOpen(null)}
            onReceived={() => {
              setOpen(null);
              setNotice(t('transfers.done'));
              load();
            }}
          />
        ) : (
          <TransferList transfers={transfers} onOpen={(transfer) => { setNotice(null); setError(null); setOpen(transfer); }} />
        )}
      </main>
    </div>
  );
}

function TransferList({ transfers, onOpen }: { transfers: IncomingTransferView[] | null; onOpen: (t: IncomingTransferView) => void }) {
  const { t, i18n } = useChainStockText();
  if (transfers === null) return null;
  if (transfers.length === 0) return <p className="muted">{t('transfers.none')}</p>;
  return (
    <ul className="transfer-list" aria-label={t('transfers.title')}>
      {transfers.map((transfer) => {
        const receivable = transfer.status === 'in-transit' && transfer.receivedHereAt === null;
        return (
          <li key={transfer.id}>
            <strong>{t('transfers.from', { store: transfer.fromStoreName })}</strong>{' '}
            <span>{t('transfers.sentAt', { age: ageOf(transfer.createdAt, i18n.language) })}</span>{' · '}
            <span>{t('transfers.lines', { n: transfer.lines.length })}</span>{' · '}
            <span>
              {transfer.receivedHereAt
                ? t('transfers.receivedHere', { age: ageOf(transfer.receivedHereAt, i18n.language) })
                : t(`transfers.status.${transfer.status}`)}
            </span>
            {transfer.note && <p className="muted">{transfer.note}</p>}
            {receivable && (
              <button type="button" className="primary" onClick={() => onOpen(transfer)}>
                {t('transfers.receive')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ReceiveTransfer({ transfer, onCancel, onReceived }: { transfer: IncomingTransferView; onCancel: () => void; onReceived: () => void }) {
  const { t, i18n } = useChainStockText();
  const { client } = useTill();
  const lang = i18n.language;
  const [counted, setCounted] = useState<Record<string, string>>({});
  const [code, setCode] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const pieces = (variantId: string) => Number(counted[variantId] ?? '0') || 0;

  const scan = useCallback(
    (scanned: string) => {
      const trimmed = scanned.trim();
      if (trimmed === '') return;
      setCode('');
      client
        .call('transfers.scan', { transferId: transfer.id, code: trimmed })
        .then((line) => {
          setError(null);
          setCounted((old) => ({ ...old, [line.variantId]: String((Number(old[line.variantId] ?? '0') || 0) + 1) }));
          setMessage(t('transfers.added', { name: line.productName }));
        })
        .catch((e: unknown) => {
          setMessage(null);
          setError(describeError(e, lang));
        });
    },
    [client, transfer.id, t, lang],
  );
  useKeyboardWedge(scan, () => field.current);
  useEffect(() => client.on('scanner.scan', ({ code: scanned }) => scan(scanned)), [client, scan]);

  async function confirm() {
    setBusy(true);
    try {
      const lines = transfer.lines.map((l) => ({ variantId: l.variantId, quantityMilli: Math.round(pieces(l.variantId) * 1000) })).filter((l) => l.quantityMilli > 0);
      await client.call('transfers.receive', { transferId: transfer.id, lines });
      onReceived();
    } catch (e) {
      setError(describeError(e, lang));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label={t('transfers.scan')}>
      <h2>{t('transfers.from', { store: transfer.fromStoreName })}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          // A scanner's code is typed in just before the submit: read the field, not the last render.
          scan(field.current?.value ?? code);
        }}
      >
        <label>
          {t('transfers.scan')}
          <input ref={field} autoFocus data-scan="submit" value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <p className="muted">{t('transfers.scanHelp')}</p>
      </form>
      {message && <p role="status" className="notice">{message}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <table className="bo-table">
        <thead>
          <tr>
            <th scope="col">{t('transfers.item')}</th>
            <th scope="col" className="num">{t('transfers.expected')}</th>
            <th scope="col" className="num">{t('transfers.counted')}</th>
            <th scope="col" className="num">{t('transfers.difference')}</th>
          </tr>
        </thead>
        <tbody>
          {transfer.lines.map((line) => {
            const difference = Math.round(pieces(line.variantId) * 1000) - line.quantityMilli;
            return (
              <tr key={line.variantId} className={difference !== 0 ? 'bo-low' : undefined}>
                <th scope="row">{line.productName} <span className="muted">{line.sku}</span></th>
                <td className="num">{quantityText(line.quantityMilli, lang)}</td>
                <td className="num">
                  <input
                    className="bo-short"
                    inputMode="decimal"
                    aria-label={`${t('transfers.counted')} ${line.productName}`}
                    value={counted[line.variantId] ?? '0'}
                    onChange={(e) => setCounted((old) => ({ ...old, [line.variantId]: e.target.value.replace(',', '.') }))}
                  />
                </td>
                <td className="num">{difference === 0 ? '' : `${difference > 0 ? '+' : ''}${quantityText(difference, lang)}`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={onCancel}>{t('transfers.cancel')}</button>
        <span className="grow" />
        <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>{t('transfers.confirm')}</button>
      </div>
    </section>
  );
}
