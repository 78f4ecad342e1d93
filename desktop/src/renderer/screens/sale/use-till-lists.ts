/**
 * @module
 * Two small lists the sale screen shows: the quick keys, read once, and how many tickets are
 * parked, read again whenever a ticket is parked or resumed.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CatalogueItem, TillClient } from '@cassa/shared';

export function useQuickKeys(client: TillClient): CatalogueItem[] {
  const [quickKeys, setQuickKeys] = useState<CatalogueItem[]>([]);
  useEffect(() => {
    client.call('catalogue.quickKeys', {}).then(setQuickKeys).catch(() => undefined);
  }, [client]);
  return quickKeys;
}

export function useParkedCount(client: TillClient): { parkedCount: number; refreshParked: () => void } {
  const [parkedCount, setParkedCount] = useState(0);
  const refreshParked = useCallback(() => {
    client
      .call('sale.parked', {})
      .then((list) => setParkedCount(list.length))
      .catch(() => undefined);
  }, [client]);
  return { parkedCount, refreshParked };
}
