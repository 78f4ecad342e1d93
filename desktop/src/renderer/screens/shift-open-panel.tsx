import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShiftView } from '@cassa/shared';
import { parseMoneyInput } from '../i18n/i18n';
import { errorText, useTill } from '../till-context';

export function ShiftOpenPanel({ onOpened }: { onOpened: (shift: ShiftView) => void }) {
  const { t } = useTranslation();
  const { client } = useTill();
  const [float, setFloat] = useState('100,00');
  const [error, setError] = useState<string | null>(null);
  return (
    <main className="centre">
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          const cents = parseMoneyInput(float);
          if (cents === null) return setError(t('sale.amount'));
          client.call('shift.open', { floatCents: cents }).then(onOpened).catch((err: unknown) => setError(errorText(err)));
        }}
      >
        <h2>{t('shift.title')}</h2>
        <label>
          {t('shift.float')}
          <input autoFocus inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
        </label>
        <button type="submit" className="primary">{t('shift.open')}</button>
        {error && <p role="alert" className="error">{error}</p>}
      </form>
    </main>
  );
}
