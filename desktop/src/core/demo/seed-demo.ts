/**
 * @module
 * Fills an empty till with the demo shop. Does nothing on a till that already has a catalogue,
 * so restarting the demo never duplicates or resets anything.
 */
import { hashPin } from '../auth/pin-hash';
import type { TillServices } from '../till-core';
import { demoCategories, demoProducts, demoShop, demoUsers } from './demo-shop';

export function seedDemoShop(services: TillServices): boolean {
  const { context, catalogue, users, stock } = services;
  if (catalogue.productCount() > 0) return false;
  const products = demoProducts();
  context.store.write(() => {
    const settings = context.settings;
    settings.set('shop.name', demoShop.name);
    settings.set('shop.address', JSON.stringify(demoShop.addressLines));
    settings.set('shop.vatNumber', demoShop.vatNumber);
    settings.set('register.name', demoShop.registerName);
    for (const category of demoCategories) {
      context.store.db.prepare('INSERT OR IGNORE INTO categories (id, name, parent_id) VALUES (?, ?, NULL)').run(category.id, category.name);
    }
    for (const user of demoUsers) {
      users.upsert({ id: user.id, name: user.name, role: user.role, pinHash: hashPin(user.pin), active: true });
    }
    for (const product of products) {
      catalogue.upsertProduct(product);
      for (const variant of product.variants) {
        stock.record({
          variantId: variant.id,
          deltaMilli: product.unit === 'kg' ? 20_000 : 12_000,
          reason: 'goods-received',
          referenceId: null,
          userId: null,
        });
      }
    }
  });
  return true;
}
