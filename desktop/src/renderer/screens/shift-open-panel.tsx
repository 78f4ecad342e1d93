import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftView } from '@cassa/shared';
import { describeError, parseMoneyInput } from '../i18n/i18n';
import { useTill } from '../till-context';

/** Opening a shift: the float counted into the drawer. */
export function ShiftOpenPanel({ title, onOpened }: { title?: string; onOpened: (shift: ShiftView) => void }) {
  const { t, i18n } = useTranslation();
  const { client } = useTill();
  const [float, setFloat] = useState('100,00');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="card shift-open"
      aria-label={title ?? t('shift.title')}
      onSubmit={(e) => {
        e.preventDefault();
        const cents = parseMoneyInput(float);
        if (cents === null) return setError(t('sale.invalidAmount'));
        client.call('shift.open', { floatCents: cents }).then(onOpened).catch((err: unknown) => setError(describeError(err, i18n.language)));
      }}
    >
      <h2>{title ?? t('shift.title')}</h2>
      <label>
        {t('shift.float')}
        <input autoFocus inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
      </label>
      <button type="submit" className="primary">{t('shift.open')}</button>
      {error && <p role="alert" className="error">{error}</p>}
    </form>
  );
}
