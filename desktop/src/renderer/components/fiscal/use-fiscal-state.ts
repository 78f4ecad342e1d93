/**
 * @module
 * The fiscal device's state for a screen: read once, then kept current by `fiscal.changed`
 * events (no polling). Null until the first answer.
 */
import { useEffect, useState } from 'react';
import type { FiscalStateView, SaleFiscalDocument } from '@cassa/shared';
import { useTill } from '../../till-context';

export function useFiscalState(): [FiscalStateView | null, (next: FiscalStateView) => void] {
  const { client } = useTill();
  const [state, setState] = useState<FiscalStateView | null>(null);
  useEffect(() => {
    let live = true;
    client.call('fiscal.state', {}).then((next) => live && setState(next), () => undefined);
    const off = client.on('fiscal.changed', setState);
    return () => {
      live = false;
      off();
    };
  }, [client]);
  return [state, setState];
}

/** A sale's document, read again whenever the fiscal queue changes (it is issued after the sale). */
export function useSaleDocument(saleId: string | null): SaleFiscalDocument | null {
  const { client } = useTill();
  const [found, setFound] = useState<SaleFiscalDocument | null>(null);
  useEffect(() => {
    setFound(null);
    if (saleId === null) return undefined;
    let live = true;
    const read = () => client.call('fiscal.documentOfSale', { saleId }).then((next) => live && setFound(next), () => undefined);
    void read();
    const off = client.on('fiscal.changed', () => void read());
    return () => {
      live = false;
      off();
    };
  }, [client, saleId]);
  return found;
}
