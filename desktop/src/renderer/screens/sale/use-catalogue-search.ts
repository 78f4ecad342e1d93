/**
 * @module
 * The scan field's text and the catalogue search it drives: results follow the text after a short
 * pause (a barcode-looking text is left to the scan), and only the newest search's answer counts.
 */
import { useEffect, useRef, useState } from 'react';
import type { CatalogueItem, TillClient } from '@cassa/shared';

/** Digits only, 8 to 14 of them: a barcode typed or scanned, not a search. */
export const BARCODE_TEXT = /^\d{8,14}$/;

export interface CatalogueSearch {
  readonly query: string;
  readonly setQuery: (text: string) => void;
  readonly results: readonly CatalogueItem[];
  /** The highlighted result, -1 for none. */
  readonly active: number;
  /** Moves the highlight up or down the results, staying on the list. */
  readonly move: (step: 1 | -1) => void;
  /** Empties the field and the results. */
  readonly clear: () => void;
}

export function useCatalogueSearch(client: TillClient): CatalogueSearch {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<CatalogueItem[]>([]);
  const [active, setActive] = useState(-1);
  const searchSeq = useRef(0);

  useEffect(() => {
    const seq = ++searchSeq.current;
    const text = query.trim();
    if (text.length < 2 || BARCODE_TEXT.test(text)) {
      setResults([]);
      return;
    }
    const timer = setTimeout(() => {
      client
        .call('catalogue.search', { query: text, limit: 12 })
        .then((items) => {
          if (seq === searchSeq.current) {
            setResults(items);
            setActive(items.length > 0 ? 0 : -1);
          }
        })
        .catch(() => undefined);
    }, 60);
    return () => clearTimeout(timer);
  }, [client, query]);

  return {
    query,
    setQuery,
    results,
    active,
    move: (step) => setActive((a) => (step > 0 ? Math.min(results.length - 1, a + 1) : Math.max(0, a - 1))),
    clear: () => {
      setQuery('');
      setResults([]);
    },
  };
}
