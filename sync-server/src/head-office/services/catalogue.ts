/**
 * @module
 * The chain's catalogue as head office edits it, apart from HTTP: what a user may read (the store
 * prices of their stores only), a product's barcodes checked as a till's scan field checks them
 * (a clash with another product's code is refused by storage, with the holder in its details),
 * store prices set or removed, and the CSV import (`catalogue-import.ts`). Who may write is
 * declared in the contract and checked before these run.
 */
import { CassaError, catalogueBarcodeProblem } from '@cassa/shared';
import type { CatalogueImportReport, CatalogueView, Category, HeadOfficeChange, Product, StorePrice, StorePriceInput } from '@cassa/shared';
import type { AdminApi } from '../../admin-api';
import type { HeadOfficeUserRow } from '../../storage/head-office-storage';
import type { SyncStorage } from '../../storage/storage';
import { storeScope } from '../auth';
import { importCatalogueCsv } from '../catalogue-import';

export interface CatalogueDeps {
  readonly storage: SyncStorage;
  readonly admin: AdminApi;
}

export interface CatalogueService {
  view(user: HeadOfficeUserRow): Promise<CatalogueView>;
  saveProduct(organisationId: string, product: Product): Promise<Product>;
  saveCategory(organisationId: string, category: Category): Promise<Category>;
  setStorePrice(organisationId: string, input: StorePriceInput): Promise<StorePriceInput>;
  importCsv(organisationId: string, csv: string, dryRun: boolean): Promise<CatalogueImportReport>;
}

/** Refuses a code the till's scan field would refuse, naming the code and why. */
function assertScannableBarcodes(product: Product): void {
  for (const code of product.variants.flatMap((v) => v.barcodes)) {
    const problem = catalogueBarcodeProblem(code);
    if (problem) throw new CassaError('INVALID_BARCODE', `Barcode ${JSON.stringify(code)}: ${problem.message}`, { code, reason: problem.reason });
  }
}

export function createCatalogueService(deps: CatalogueDeps): CatalogueService {
  const ho = deps.storage.headOffice;
  return {
    async view(user) {
      const org = user.organisationId;
      const scope = storeScope(user);
      const prices = ((await ho.readRows(org, 'store-price')) as StorePrice[]).filter((p) => scope === null || scope.includes(p.storeId));
      return { products: (await ho.readRows(org, 'product')) as Product[], categories: (await ho.readRows(org, 'category')) as Category[], storePrices: prices };
    },
    async saveProduct(organisationId, product) {
      assertScannableBarcodes(product);
      await deps.admin.upsertProducts(organisationId, [product]);
      return product;
    },
    async saveCategory(organisationId, category) {
      await deps.admin.upsertCategories(organisationId, [category]);
      return category;
    },
    async setStorePrice(organisationId, input) {
      const change: HeadOfficeChange =
        input.priceCents === null
          ? { entity: 'delete', target: 'store-price', key: `${input.storeId}:${input.variantId}` }
          : { entity: 'store-price', data: { storeId: input.storeId, variantId: input.variantId, priceCents: input.priceCents } };
      await deps.admin.writeChanges(organisationId, [change]);
      return input;
    },
    importCsv: (organisationId, csv, dryRun) => importCatalogueCsv(deps, organisationId, csv, dryRun),
  };
}
