/**
 * @module
 * The emulated shop's data: products, combinations, attribute groups and values, the
 * stock_availables rows PrestaShop creates by itself, orders with their rows and state history,
 * customers and currencies. Each resource is rendered the way the webservice's JSON output
 * shows it (`id` a number, every other field a string; devdocs …/8/webservice/resources/*).
 */
import type { EmulatorItem, EmulatorOrderLine, EmulatorOrderView } from '../emulator-control';

export interface ShopProduct {
  id: number;
  name: string;
  reference: string;
  ean13: string;
  /** Tax-included price in cents (the webservice shows `price` tax excluded; the emulator keeps VAT out of it [U]). */
  priceCents: number;
  active: boolean;
}

export interface ShopCombination {
  id: number;
  idProduct: number;
  reference: string;
  ean13: string;
  priceImpactCents: number;
  optionValueIds: number[];
}

export interface ShopOptionGroup {
  id: number;
  name: string;
}

export interface ShopOptionValue {
  id: number;
  idGroup: number;
  name: string;
}

export interface ShopStockRow {
  id: number;
  idProduct: number;
  idProductAttribute: number;
  idShop: number;
  idShopGroup: number;
  quantity: number;
  dependsOnStock: number;
  outOfStock: number;
}

export interface ShopOrderRow {
  id: number;
  productId: number;
  productAttributeId: number;
  quantity: number;
  name: string;
  reference: string;
  ean13: string;
  unitPriceCents: number;
}

export interface ShopOrder {
  id: number;
  idCart: number;
  idCustomer: number;
  idCurrency: number;
  currentState: number;
  reference: string;
  dateAdd: string;
  dateUpd: string;
  shippingCents: number;
  rows: ShopOrderRow[];
}

export interface ShopOrderHistory {
  id: number;
  idOrder: number;
  idOrderState: number;
  dateAdd: string;
}

export interface ShopCustomer {
  id: number;
  firstname: string;
  lastname: string;
}

/**
 * PrestaShop's default order states (install data, `ps_order_state`): 2 payment accepted,
 * 3 processing in progress, 4 shipped, 5 delivered, 6 canceled, 7 refunded.
 */
export const orderStates = { paymentAccepted: 2, processing: 3, shipped: 4, delivered: 5, canceled: 6, refunded: 7 } as const;

/**
 * PrestaShop writes dates as shop-local wall time `YYYY-MM-DD HH:MM:SS`, in the zone of its
 * `PS_TIMEZONE` setting (Localization → Configuration), with no offset in the text.
 */
export function shopDateIn(timeZone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  return (ms) => format.format(new Date(ms));
}

function decimal(cents: number): string {
  return (cents / 100).toFixed(6);
}

export class EmulatedShop {
  readonly products = new Map<number, ShopProduct>();
  readonly combinations = new Map<number, ShopCombination>();
  readonly optionGroups = new Map<number, ShopOptionGroup>();
  readonly optionValues = new Map<number, ShopOptionValue>();
  readonly stock = new Map<number, ShopStockRow>();
  readonly orders = new Map<number, ShopOrder>();
  readonly histories = new Map<number, ShopOrderHistory>();
  readonly customers = new Map<number, ShopCustomer>();
  readonly currencies = new Map<number, { id: number; isoCode: string }>([[1, { id: 1, isoCode: 'EUR' }]]);
  private readonly sequences = new Map<string, number>();
  /** Indexes for a catalogue of tens of thousands of items: product → its combinations and stock rows. */
  private readonly combinationsByProduct = new Map<number, Set<number>>();
  private readonly stockByProduct = new Map<number, Set<number>>();

  private readonly shopDate: (ms: number) => string;

  constructor(
    readonly shopId: number,
    private readonly now: () => number,
    readonly timeZone = 'Europe/Rome',
  ) {
    this.shopDate = shopDateIn(timeZone);
  }

  nextId(table: string): number {
    const next = (this.sequences.get(table) ?? 0) + 1;
    this.sequences.set(table, next);
    return next;
  }

  // ---- catalogue ----

  createProduct(fields: Omit<ShopProduct, 'id'>): ShopProduct {
    const product = { id: this.nextId('product'), ...fields };
    this.products.set(product.id, product);
    // PrestaShop creates the product's stock row itself (reference §1 Stock, PrestaSharp #214).
    this.createStockRow(product.id, 0, 0);
    return product;
  }

  createCombination(fields: Omit<ShopCombination, 'id'>): ShopCombination {
    const combination = { id: this.nextId('combination'), ...fields };
    this.combinations.set(combination.id, combination);
    this.indexAdd(this.combinationsByProduct, combination.idProduct, combination.id);
    this.createStockRow(combination.idProduct, combination.id, 0);
    return combination;
  }

  private createStockRow(idProduct: number, idProductAttribute: number, quantity: number): ShopStockRow {
    const row = { id: this.nextId('stock'), idProduct, idProductAttribute, idShop: this.shopId, idShopGroup: 0, quantity, dependsOnStock: 0, outOfStock: 2 };
    this.stock.set(row.id, row);
    this.indexAdd(this.stockByProduct, idProduct, row.id);
    return row;
  }

  optionValueFor(groupName: string, valueName: string): ShopOptionValue {
    let group = [...this.optionGroups.values()].find((candidate) => candidate.name === groupName);
    if (group === undefined) {
      group = { id: this.nextId('option'), name: groupName };
      this.optionGroups.set(group.id, group);
    }
    const idGroup = group.id;
    let value = [...this.optionValues.values()].find((candidate) => candidate.idGroup === idGroup && candidate.name === valueName);
    if (value === undefined) {
      value = { id: this.nextId('option_value'), idGroup, name: valueName };
      this.optionValues.set(value.id, value);
    }
    return value;
  }

  combinationsOf(idProduct: number): ShopCombination[] {
    return [...(this.combinationsByProduct.get(idProduct) ?? [])].flatMap((id) => this.combinations.get(id) ?? []);
  }

  stockRowOf(idProduct: number, idProductAttribute: number): ShopStockRow | undefined {
    return this.stockRowsOf(idProduct).find((row) => row.idProductAttribute === idProductAttribute);
  }

  stockRowsOf(idProduct: number): ShopStockRow[] {
    return [...(this.stockByProduct.get(idProduct) ?? [])].flatMap((id) => this.stock.get(id) ?? []);
  }

  /** After a PUT that moved a row to another product (the webservice allows it). */
  reindexStock(row: ShopStockRow, previousProduct: number): void {
    this.stockByProduct.get(previousProduct)?.delete(row.id);
    this.indexAdd(this.stockByProduct, row.idProduct, row.id);
  }

  private indexAdd(index: Map<number, Set<number>>, key: number, id: number): void {
    const set = index.get(key) ?? new Set<number>();
    set.add(id);
    index.set(key, set);
  }

  /** A product with combinations shows the sum of theirs on its own row, as PrestaShop keeps it. */
  refreshProductTotal(idProduct: number): void {
    const combinations = this.combinationsOf(idProduct);
    const row = this.stockRowOf(idProduct, 0);
    if (row === undefined || combinations.length === 0) return;
    row.quantity = combinations.reduce((sum, combination) => sum + (this.stockRowOf(idProduct, combination.id)?.quantity ?? 0), 0);
  }

  /** The sellable thing a seller SKU names: a combination's reference first, then a product's. */
  findBySku(sku: string): { product: ShopProduct; combination: ShopCombination | null } | null {
    for (const combination of this.combinations.values()) {
      if (combination.reference === sku) {
        const product = this.products.get(combination.idProduct);
        if (product !== undefined) return { product, combination };
      }
    }
    for (const product of this.products.values()) if (product.reference === sku && this.combinationsOf(product.id).length === 0) return { product, combination: null };
    return null;
  }

  /**
   * What buyers see: the shop's own row. A row whose id_shop became 0 (a PUT without id_shop,
   * PrestaShop #18953) no longer belongs to the shop, and buyers see nothing in stock.
   */
  quantityOf(sku: string): number | null {
    const found = this.findBySku(sku);
    if (found === null) return null;
    const row = this.stockRowOf(found.product.id, found.combination?.id ?? 0);
    if (row === undefined || row.idShop !== this.shopId) return 0;
    return row.quantity;
  }

  seed(items: readonly EmulatorItem[]): void {
    const groups = new Map<string, EmulatorItem[]>();
    for (const item of items) {
      const key = item.group ?? `sku:${item.sku}`;
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    for (const [key, members] of groups) {
      const first = members[0];
      if (first === undefined) continue;
      if (first.group === undefined) {
        const product = this.createProduct({ name: first.title, reference: first.sku, ean13: first.barcode ?? '', priceCents: first.priceCents, active: true });
        const row = this.stockRowOf(product.id, 0);
        if (row !== undefined) row.quantity = first.quantity;
        continue;
      }
      const product = this.createProduct({ name: first.title, reference: key, ean13: '', priceCents: first.priceCents, active: true });
      for (const member of members) {
        const optionValueIds = Object.entries(member.options ?? {}).map(([group, value]) => this.optionValueFor(group, value).id);
        const combination = this.createCombination({ idProduct: product.id, reference: member.sku, ean13: member.barcode ?? '', priceImpactCents: member.priceCents - first.priceCents, optionValueIds });
        const row = this.stockRowOf(product.id, combination.id);
        if (row !== undefined) row.quantity = member.quantity;
      }
      this.refreshProductTotal(product.id);
    }
  }

  /**
   * Deletes a product's combinations and creates them again, as a back-office "generate
   * combinations" does: new ids, new stock rows at 0 (PrestaShop #12814, #21354).
   */
  recreateCombinations(productReference: string): void {
    const product = [...this.products.values()].find((candidate) => candidate.reference === productReference);
    if (product === undefined) throw new Error(`no product with reference ${productReference}`);
    for (const old of this.combinationsOf(product.id)) {
      this.combinations.delete(old.id);
      this.combinationsByProduct.get(product.id)?.delete(old.id);
      const row = this.stockRowOf(product.id, old.id);
      if (row !== undefined) {
        this.stock.delete(row.id);
        this.stockByProduct.get(product.id)?.delete(row.id);
      }
      this.createCombination({ idProduct: old.idProduct, reference: old.reference, ean13: old.ean13, priceImpactCents: old.priceImpactCents, optionValueIds: old.optionValueIds });
    }
    this.refreshProductTotal(product.id);
  }

  // ---- orders ----

  placeOrder(lines: readonly EmulatorOrderLine[], buyerName: string, idCart?: number): ShopOrder {
    const rows: ShopOrderRow[] = lines.map((line) => {
      const found = this.findBySku(line.sku);
      if (found === null) throw new Error(`no item with SKU ${line.sku}`);
      const unitPriceCents = line.unitPriceCents ?? found.product.priceCents + (found.combination?.priceImpactCents ?? 0);
      return {
        id: this.nextId('order_detail'),
        productId: found.product.id,
        productAttributeId: found.combination?.id ?? 0,
        quantity: line.quantity,
        name: found.product.name,
        reference: line.sku,
        ean13: found.combination?.ean13 ?? found.product.ean13,
        unitPriceCents,
      };
    });
    const [firstname = '', ...rest] = buyerName.trim().split(/\s+/);
    const customer = { id: this.nextId('customer'), firstname, lastname: rest.join(' ') };
    this.customers.set(customer.id, customer);
    const at = this.shopDate(this.now());
    const id = this.nextId('order');
    const order: ShopOrder = {
      id,
      idCart: idCart ?? this.nextId('cart'),
      idCustomer: customer.id,
      idCurrency: 1,
      currentState: orderStates.paymentAccepted,
      reference: referenceFor(id),
      dateAdd: at,
      dateUpd: at,
      shippingCents: 490,
      rows,
    };
    this.orders.set(order.id, order);
    this.moveStock(rows, -1);
    this.addHistory(order.id, orderStates.paymentAccepted);
    return order;
  }

  /**
   * The same cart validated twice: PrestaShop core can do this (#17266, #11115); the second
   * order takes stock again, as validateOrder does each time [U].
   */
  duplicateOrder(idOrder: number): ShopOrder {
    const original = this.mustOrder(idOrder);
    const customer = this.customers.get(original.idCustomer);
    return this.placeOrder(
      original.rows.map((row) => ({ sku: row.reference, quantity: row.quantity, unitPriceCents: row.unitPriceCents })),
      `${customer?.firstname ?? ''} ${customer?.lastname ?? ''}`,
      original.idCart,
    );
  }

  setState(idOrder: number, state: number): void {
    const order = this.mustOrder(idOrder);
    if (order.currentState === state) return;
    // Cancelling puts the goods back on sale, as the "Canceled" state does in a default install.
    if (state === orderStates.canceled && order.currentState !== orderStates.canceled) this.moveStock(order.rows, 1);
    order.currentState = state;
    order.dateUpd = this.shopDate(this.now());
    this.addHistory(order.id, state);
  }

  private mustOrder(idOrder: number): ShopOrder {
    const order = this.orders.get(idOrder);
    if (order === undefined) throw new Error(`no order ${idOrder}`);
    return order;
  }

  private addHistory(idOrder: number, state: number): void {
    const history = { id: this.nextId('order_history'), idOrder, idOrderState: state, dateAdd: this.shopDate(this.now()) };
    this.histories.set(history.id, history);
  }

  private moveStock(rows: readonly ShopOrderRow[], sign: 1 | -1): void {
    for (const line of rows) {
      const row = this.stockRowOf(line.productId, line.productAttributeId);
      if (row !== undefined) row.quantity += sign * line.quantity;
      this.refreshProductTotal(line.productId);
    }
  }

  orderViews(): EmulatorOrderView[] {
    return [...this.orders.values()].map((order) => ({
      remoteOrderId: String(order.id),
      status: statusOf(order.currentState),
      lines: order.rows.map((row) => ({ sku: row.reference, quantity: row.quantity })),
    }));
  }

  // ---- the webservice's JSON renderings ----

  render(resource: string, id: number): Record<string, unknown> | null {
    switch (resource) {
      case 'products': {
        const product = this.products.get(id);
        if (product === undefined) return null;
        const combinations = this.combinationsOf(id);
        return {
          id,
          id_default_combination: String(combinations[0]?.id ?? 0),
          reference: product.reference,
          ean13: product.ean13,
          upc: '',
          price: decimal(product.priceCents),
          active: product.active ? '1' : '0',
          // #18953: `quantity` on products always reads 0; the stock lives in stock_availables.
          quantity: '0',
          name: [{ id: '1', value: product.name }],
          associations: {
            combinations: combinations.map((combination) => ({ id: String(combination.id) })),
            stock_availables: this.stockRowsOf(id).map((row) => ({ id: String(row.id), id_product_attribute: String(row.idProductAttribute) })),
          },
        };
      }
      case 'combinations': {
        const combination = this.combinations.get(id);
        if (combination === undefined) return null;
        return {
          id,
          id_product: String(combination.idProduct),
          reference: combination.reference,
          ean13: combination.ean13,
          upc: '',
          price: decimal(combination.priceImpactCents),
          quantity: '0',
          minimal_quantity: '1',
          associations: { product_option_values: combination.optionValueIds.map((value) => ({ id: String(value) })) },
        };
      }
      case 'product_options': {
        const group = this.optionGroups.get(id);
        if (group === undefined) return null;
        return { id, is_color_group: '0', group_type: 'select', name: [{ id: '1', value: group.name }], public_name: [{ id: '1', value: group.name }] };
      }
      case 'product_option_values': {
        const value = this.optionValues.get(id);
        if (value === undefined) return null;
        return { id, id_attribute_group: String(value.idGroup), name: [{ id: '1', value: value.name }] };
      }
      case 'stock_availables': {
        const row = this.stock.get(id);
        if (row === undefined) return null;
        return {
          id,
          id_product: String(row.idProduct),
          id_product_attribute: String(row.idProductAttribute),
          id_shop: String(row.idShop),
          id_shop_group: String(row.idShopGroup),
          quantity: String(row.quantity),
          depends_on_stock: String(row.dependsOnStock),
          out_of_stock: String(row.outOfStock),
          location: '',
        };
      }
      case 'orders': {
        const order = this.orders.get(id);
        if (order === undefined) return null;
        const productsCents = order.rows.reduce((sum, row) => sum + row.unitPriceCents * row.quantity, 0);
        return {
          id,
          id_cart: String(order.idCart),
          id_currency: String(order.idCurrency),
          id_customer: String(order.idCustomer),
          current_state: String(order.currentState),
          reference: order.reference,
          date_add: order.dateAdd,
          date_upd: order.dateUpd,
          total_paid_tax_incl: decimal(productsCents + order.shippingCents),
          total_products_wt: decimal(productsCents),
          total_shipping_tax_incl: decimal(order.shippingCents),
          associations: {
            order_rows: order.rows.map((row) => ({
              id: String(row.id),
              product_id: String(row.productId),
              product_attribute_id: String(row.productAttributeId),
              product_quantity: String(row.quantity),
              product_name: row.name,
              product_reference: row.reference,
              product_ean13: row.ean13,
              unit_price_tax_incl: decimal(row.unitPriceCents),
            })),
          },
        };
      }
      case 'order_histories': {
        const history = this.histories.get(id);
        if (history === undefined) return null;
        return { id, id_order: String(history.idOrder), id_order_state: String(history.idOrderState), date_add: history.dateAdd };
      }
      case 'customers': {
        const customer = this.customers.get(id);
        if (customer === undefined) return null;
        return { id, firstname: customer.firstname, lastname: customer.lastname };
      }
      case 'currencies': {
        const currency = this.currencies.get(id);
        if (currency === undefined) return null;
        return { id, iso_code: currency.isoCode };
      }
      case 'configurations':
        return id === 1 ? { id, name: 'PS_TIMEZONE', value: this.timeZone, id_shop: '', id_shop_group: '' } : null;
      default:
        return null;
    }
  }

  /** The ids of a resource's rows that belong to these products (for `filter[id_product]=[a|b]`). */
  idsOfProducts(resource: string, products: readonly number[]): number[] | null {
    const index = resource === 'combinations' ? this.combinationsByProduct : resource === 'stock_availables' ? this.stockByProduct : null;
    if (index === null) return null;
    return products.flatMap((product) => [...(index.get(product) ?? [])]);
  }

  ids(resource: string): number[] {
    const table = this.tableOf(resource);
    return table === null ? [] : [...table.keys()];
  }

  private tableOf(resource: string): Map<number, unknown> | null {
    switch (resource) {
      case 'products':
        return this.products;
      case 'combinations':
        return this.combinations;
      case 'product_options':
        return this.optionGroups;
      case 'product_option_values':
        return this.optionValues;
      case 'stock_availables':
        return this.stock;
      case 'orders':
        return this.orders;
      case 'order_histories':
        return this.histories;
      case 'customers':
        return this.customers;
      case 'currencies':
        return this.currencies;
      case 'configurations':
        return new Map([[1, null]]);
      default:
        return null;
    }
  }
}

function referenceFor(id: number): string {
  let reference = '';
  let rest = id * 7919 + 104729;
  for (let index = 0; index < 9; index += 1) {
    reference += String.fromCharCode(65 + (rest % 26));
    rest = Math.floor(rest / 26) + index * 31;
  }
  return reference;
}

function statusOf(state: number): EmulatorOrderView['status'] {
  if (state === orderStates.shipped || state === orderStates.delivered) return 'shipped';
  if (state === orderStates.canceled) return 'cancelled';
  if (state === orderStates.refunded) return 'refunded';
  return 'open';
}

/** The resources this emulator serves, in the singular PrestaShop's XML and single-record JSON use. */
export const resourceSingular: Readonly<Record<string, string>> = {
  products: 'product',
  combinations: 'combination',
  product_options: 'product_option',
  product_option_values: 'product_option_value',
  stock_availables: 'stock_available',
  orders: 'order',
  order_rows: 'order_row',
  order_histories: 'order_history',
  customers: 'customer',
  currencies: 'currency',
  configurations: 'configuration',
};
