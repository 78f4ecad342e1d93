/**
 * @module
 * The scan field (F2) with its search: arrows move through the results, Esc empties it, Enter
 * submits; the results list below it, or the quick keys when there are no results.
 */
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueItem } from '@cassa/shared';
import { QuickKeys } from '../../components/quick-keys';
import { formatMoney } from '../../i18n/i18n';
import type { CatalogueSearch } from './use-catalogue-search';

export function ScanField({ search, inputRef, onSubmit }: { search: CatalogueSearch; inputRef: RefObject<HTMLInputElement | null>; onSubmit: () => void }) {
  const { t } = useTranslation();
  return (
    <form onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <label className="scan-label">
        <span>{t('sale.scan')} <kbd>F2</kbd></span>
        <input
          ref={inputRef}
          autoFocus
          className="scan-input"
          value={search.query}
          autoComplete="off"
          spellCheck={false}
          role="combobox"
          aria-expanded={search.results.length > 0}
          aria-controls="search-results"
          aria-keyshortcuts="F2"
          onChange={(e) => search.setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') { e.preventDefault(); search.move(1); }
            if (e.key === 'ArrowUp') { e.preventDefault(); search.move(-1); }
            if (e.key === 'Escape') search.clear();
          }}
        />
      </label>
    </form>
  );
}

export function SearchResults(props: { search: CatalogueSearch; quickKeys: readonly CatalogueItem[]; onChoose: (item: CatalogueItem) => void }) {
  const { search, quickKeys, onChoose } = props;
  const { t, i18n } = useTranslation();
  if (search.results.length === 0) return <QuickKeys items={quickKeys} onChoose={onChoose} />;
  return (
    <ul id="search-results" role="listbox" aria-label={t('sale.results')} className="results">
      {search.results.map((item, i) => (
        <li key={item.variantId} role="option" aria-selected={i === search.active} className={i === search.active ? 'active' : ''} onMouseDown={(e) => { e.preventDefault(); onChoose(item); }}>
          <span>{item.name}</span>
          <span className="muted">{item.sku}</span>
          <span className="price">{formatMoney(item.priceCents, i18n.language)}</span>
        </li>
      ))}
    </ul>
  );
}
