/**
 * @module
 * Adding a catalogue item to the ticket: a piece goes straight on, a product with variants asks
 * which one (size and colour grid), a weighed or measured item asks how much.
 */
import { useState } from 'react';
import type { CatalogueItem, TicketView, TillClient, VariantMatrix } from '@cassa/shared';
import { VariantPicker } from '../../components/variant-picker';
import { WeightDialog } from '../../components/weight-dialog';

type Run = <T>(work: () => Promise<T>) => Promise<T | undefined>;

export interface ItemPicker {
  readonly matrix: VariantMatrix | null;
  readonly weighing: CatalogueItem | null;
  readonly choose: (item: CatalogueItem) => Promise<void>;
  readonly add: (variantId: string, quantityMilli?: number) => Promise<void>;
  readonly closeMatrix: () => void;
  readonly closeWeighing: () => void;
}

export function useItemPicker(client: TillClient, run: Run, onTicket: (next: TicketView) => void): ItemPicker {
  const [matrix, setMatrix] = useState<VariantMatrix | null>(null);
  const [weighing, setWeighing] = useState<CatalogueItem | null>(null);
  async function add(variantId: string, quantityMilli?: number) {
    const next = await run(() => client.call('sale.addItem', quantityMilli === undefined ? { variantId } : { variantId, quantityMilli }));
    if (next) onTicket(next);
  }
  return {
    matrix,
    weighing,
    add,
    async choose(item) {
      if (item.hasVariants) {
        const m = await run(() => client.call('catalogue.matrix', { productId: item.productId }));
        if (m) setMatrix(m);
        return;
      }
      if (item.unit !== 'piece') {
        setWeighing(item);
        return;
      }
      await add(item.variantId);
    },
    closeMatrix: () => setMatrix(null),
    closeWeighing: () => setWeighing(null),
  };
}

export function ItemPickerDialogs({ picker, refocus }: { picker: ItemPicker; refocus: () => void }) {
  const { matrix, weighing } = picker;
  return (
    <>
      {matrix && (
        <VariantPicker
          matrix={matrix}
          onClose={() => {
            picker.closeMatrix();
            setTimeout(refocus, 0);
          }}
          onPick={(variantId) => {
            picker.closeMatrix();
            // `add` reports its own failure on the screen (through `run`).
            void picker.add(variantId);
          }}
        />
      )}
      {weighing && (
        <WeightDialog
          item={weighing}
          onClose={() => {
            picker.closeWeighing();
            setTimeout(refocus, 0);
          }}
          onQuantity={(quantityMilli) => {
            const variantId = weighing.variantId;
            picker.closeWeighing();
            void picker.add(variantId, quantityMilli);
          }}
        />
      )}
    </>
  );
}
