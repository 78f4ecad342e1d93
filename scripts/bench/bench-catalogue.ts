/**
 * A large, realistic catalogue for benchmarks: Italian product names with accents, three in four
 * products simple and one in four a size matrix, every variant with a valid EAN-13.
 */
import type { Product, VatCode } from '@cassa/shared';
import { gs1CheckDigit } from '@cassa/shared';
import { seededRandom } from '../../test-support/seeded-random';

const nouns = ['Caffè', 'Pasta', 'Olio', 'Biscotti', 'Maglietta', 'Felpa', 'Pantaloni', 'Scarpe', 'Tè', 'Cioccolato', 'Formaggio', 'Salumi', 'Vino', 'Birra', 'Acqua', 'Succo', 'Quaderno', 'Penna', 'Giacca', 'Gonna', 'Calze', 'Cappello', 'Detersivo', 'Sapone', 'Shampoo', 'Crema', 'Farina', 'Zucchero', 'Riso', 'Pomodori'];
const adjectives = ['biologico', 'classico', 'integrale', 'extra', 'leggero', 'fondente', 'morbido', 'sportivo', 'elegante', 'naturale', 'piccante', 'dolce', 'stagionato', 'fresco', 'artigianale', 'più forte', 'città', 'perù'];
const brands = ['Rossi', 'Bianchi', 'Esposito', 'Ferrari', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa'];
const vats: readonly VatCode[] = ['22', '22', '22', '10', '4', '5', 'N4'];
const sizes = ['S', 'M', 'L'];

/** A valid EAN-13 in Italy's GS1 range (80x), unique per n below 10^10. */
export function benchEan(n: number): string {
  const body = `80${String(n).padStart(10, '0')}`;
  return body + String(gs1CheckDigit(body));
}

export function* benchProducts(count: number, seed = 42): Generator<Product> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let barcode = 0;
  for (let i = 0; i < count; i++) {
    const sku = `B${i.toString(36).toUpperCase().padStart(5, '0')}`;
    const matrix = i % 4 === 3;
    const price = 50 + Math.floor(random() * 20_000);
    const variants = (matrix ? sizes : ['']).map((size) => ({
      id: `bv-${i}-${size || 'u'}`,
      sku: size ? `${sku}-${size}` : sku,
      barcodes: [benchEan(++barcode)],
      options: size ? { taglia: size } : ({} as Record<string, string>),
      priceCents: null,
      active: true,
    }));
    yield {
      id: `bp-${i}`,
      sku,
      name: `${pick(nouns)} ${pick(adjectives)} ${pick(brands)} ${i}`,
      categoryId: null,
      vatCode: pick(vats),
      unit: 'piece',
      priceCents: price,
      axes: matrix ? [{ name: 'taglia', values: sizes }] : [],
      variants,
      active: true,
    };
  }
}

/** How many barcodes the first `count` products hold. */
export function benchBarcodeCount(count: number): number {
  return count + 2 * Math.floor((count + 1) / 4);
}
