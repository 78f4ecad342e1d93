/**
 * @module
 * The demo shop `npm start` opens with: a small clothing and grocery shop with size × colour
 * matrices, weighed items for scale labels, valid EAN-13 barcodes and three users. Ids are fixed
 * so the README, the tests and the embedded head office can name them.
 */
import type { Category, Product, Role, VatCode } from '@cassa/shared';
import { gs1CheckDigit } from '@cassa/shared';

export const demoUsers: readonly { id: string; name: string; role: Role; pin: string }[] = [
  { id: 'user-giulia', name: 'Giulia', role: 'cashier', pin: '1111' },
  { id: 'user-marco', name: 'Marco', role: 'manager', pin: '2222' },
  { id: 'user-admin', name: 'Admin', role: 'admin', pin: '9999' },
];

export const demoShop = {
  name: 'Bottega Demo',
  addressLines: ['Via Roma 1', '20121 Milano (MI)'],
  vatNumber: '01234567890',
  registerName: 'Cassa 1',
} as const;

/** A valid EAN-13 in the Italian GS1 range, unique per demo item number. */
export function demoEan(n: number): string {
  const body = `80012345${String(n).padStart(4, '0')}`;
  return body + String(gs1CheckDigit(body));
}

interface SimpleItem {
  sku: string;
  name: string;
  vat: VatCode;
  price: number;
  unit?: 'piece' | 'kg' | 'm';
  category: string;
}

const groceries: readonly SimpleItem[] = [
  { sku: 'CAF250', name: 'Caffè macinato espresso 250 g', vat: '22', price: 449, category: 'drogheria' },
  { sku: 'SPA500', name: 'Spaghetti di grano duro 500 g', vat: '4', price: 129, category: 'drogheria' },
  { sku: 'OLI1000', name: 'Olio extravergine di oliva 1 l', vat: '4', price: 899, category: 'drogheria' },
  { sku: 'LAT1000', name: 'Latte fresco intero 1 l', vat: '4', price: 179, category: 'latticini' },
  { sku: 'ACQ1500', name: 'Acqua minerale naturale 1,5 l', vat: '22', price: 49, category: 'bevande' },
  { sku: 'VIN750', name: 'Chianti Classico DOCG 0,75 l', vat: '22', price: 1290, category: 'bevande' },
  { sku: 'BIS350', name: 'Biscotti frollini 350 g', vat: '10', price: 239, category: 'drogheria' },
  { sku: 'GIO001', name: 'Quotidiano', vat: 'N2', price: 180, category: 'edicola' },
  // Weighed items: their SKU is the 5-digit item code the scale prints on labels (prefix 21/23).
  { sku: '10001', name: 'Pane casereccio', vat: '4', price: 390, unit: 'kg', category: 'banco' },
  { sku: '10002', name: 'Mele Golden', vat: '4', price: 229, unit: 'kg', category: 'ortofrutta' },
  { sku: '10003', name: 'Parmigiano Reggiano 24 mesi', vat: '4', price: 2590, unit: 'kg', category: 'banco' },
  { sku: '10004', name: 'Prosciutto crudo di Parma', vat: '10', price: 3490, unit: 'kg', category: 'banco' },
];

interface MatrixItem {
  sku: string;
  name: string;
  price: number;
  sizes: readonly string[];
  colours: readonly string[];
  category: string;
}

const clothing: readonly MatrixItem[] = [
  { sku: 'TSH', name: 'T-shirt cotone bio', price: 1990, sizes: ['S', 'M', 'L', 'XL'], colours: ['Bianco', 'Nero', 'Blu'], category: 'abbigliamento' },
  { sku: 'JNS', name: 'Jeans slim', price: 5990, sizes: ['44', '46', '48', '50'], colours: ['Blu scuro', 'Nero'], category: 'abbigliamento' },
  { sku: 'FLP', name: 'Felpa con cappuccio', price: 3990, sizes: ['S', 'M', 'L'], colours: ['Grigio', 'Verde'], category: 'abbigliamento' },
];

export const demoCategories = [
  { id: 'drogheria', name: 'Drogheria' },
  { id: 'latticini', name: 'Latticini' },
  { id: 'bevande', name: 'Bevande' },
  { id: 'edicola', name: 'Edicola' },
  { id: 'banco', name: 'Banco gastronomia' },
  { id: 'ortofrutta', name: 'Ortofrutta' },
  { id: 'abbigliamento', name: 'Abbigliamento' },
] as const;

export function demoProducts(): Product[] {
  let n = 1;
  const products: Product[] = groceries.map((item) => {
    const weighed = item.unit === 'kg';
    return {
      id: `p-${item.sku.toLowerCase()}`,
      sku: item.sku,
      name: item.name,
      categoryId: item.category,
      vatCode: item.vat,
      unit: item.unit ?? 'piece',
      priceCents: item.price,
      axes: [],
      variants: [
        {
          id: `v-${item.sku.toLowerCase()}`,
          sku: item.sku,
          barcodes: weighed ? [] : [demoEan(n++)],
          options: {},
          priceCents: null,
          active: true,
        },
      ],
      active: true,
    };
  });
  for (const item of clothing) {
    const variants: Product['variants'] = [];
    for (const colour of item.colours) {
      for (const size of item.sizes) {
        const sku = `${item.sku}-${size}-${colour.slice(0, 3).toUpperCase()}`;
        variants.push({
          id: `v-${sku.toLowerCase()}`,
          sku,
          barcodes: [demoEan(n++)],
          options: { taglia: size, colore: colour },
          // Larger sizes of jeans cost a little more: shows a per-variant price.
          priceCents: item.sku === 'JNS' && size === '50' ? item.price + 500 : null,
          active: true,
        });
      }
    }
    products.push({
      id: `p-${item.sku.toLowerCase()}`,
      sku: item.sku,
      name: item.name,
      categoryId: item.category,
      vatCode: '22',
      unit: 'piece',
      priceCents: item.price,
      axes: [
        { name: 'taglia', values: [...item.sizes] },
        { name: 'colore', values: [...item.colours] },
      ],
      variants,
      active: true,
    });
  }
  return products;
}

/** The demo catalogue as head office publishes it. */
export function demoCatalogue(): { categories: Category[]; products: Product[] } {
  return {
    categories: demoCategories.map((c) => ({ id: c.id, name: c.name, parentId: null })),
    products: demoProducts(),
  };
}

