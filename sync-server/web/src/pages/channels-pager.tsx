import { useTranslation } from 'react-i18next';

/** Previous / next over a paged list, with "Righe 51–100 di 240"; nothing when one page holds all. */
export function Pager({ offset, size, total, onOffset }: { offset: number; size: number; total: number; onOffset: (offset: number) => void }) {
  const { t } = useTranslation();
  if (total <= size && offset === 0) return null;
  return (
    <div className="pager">
      <button type="button" className="secondary" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - size))}>
        {t('channels.previous')}
      </button>
      <span>{t('channels.page', { from: Math.min(offset + 1, total), to: Math.min(offset + size, total), total })}</span>
      <button type="button" className="secondary" disabled={offset + size >= total} onClick={() => onOffset(offset + size)}>
        {t('channels.next')}
      </button>
    </div>
  );
}
