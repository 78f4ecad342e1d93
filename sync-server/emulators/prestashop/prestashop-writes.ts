/**
 * @module
 * What the emulated webservice accepts as writes, from XML bodies as PrestaShop documents them
 * (…/8/webservice/tutorials/create-product-az): products, attribute groups and values,
 * combinations, order states; stock only through PUT (or PATCH on 8.x) of an existing
 * stock_availables row, never POST (PrestaSharp #214).
 */
import type { EmulatedShop } from './prestashop-shop';
import { QueryError } from './prestashop-query';
import type { XmlElement } from './prestashop-xml';
import { child, fieldText } from './prestashop-xml';

/** PrestaShop's `isCatalogName` refuses these characters in a product name. */
const catalogNameForbidden = /[<>;=#{}]/;

function required(record: XmlElement, field: string, className: string): string {
  const value = fieldText(child(record, field));
  if (value === undefined || value === '') throw new QueryError(400, 41, `Validation error: "property ${className}->${field} is empty"`);
  return value;
}

function integer(value: string, field: string): number {
  if (!/^-?\d{1,10}$/.test(value)) throw new QueryError(400, 85, `Validation error: "${field}" is not a valid integer: ${value.slice(0, 40)}`);
  return Number(value);
}

function cents(value: string | undefined, field: string): number {
  if (value === undefined || value === '') return 0;
  if (!/^-?\d{1,12}(\.\d{1,6})?$/.test(value)) throw new QueryError(400, 85, `Validation error: "${field}" is not a valid price: ${value.slice(0, 40)}`);
  return Math.round(Number(value) * 100);
}

function ean13(value: string | undefined): string {
  const code = value ?? '';
  // `isEan13`: up to 13 digits.
  if (!/^\d{0,13}$/.test(code)) throw new QueryError(400, 85, `Validation error: "ean13" is invalid: ${code.slice(0, 40)}`);
  return code;
}

function reference(value: string | undefined): string {
  const text = value ?? '';
  if (text.length > 64 || /[<>;={}]/.test(text)) throw new QueryError(400, 85, `Validation error: "reference" is invalid: ${text.slice(0, 80)}`);
  return text;
}

function listIds(record: XmlElement, association: string): number[] {
  const holder = child(record, 'associations');
  const list = holder === undefined ? undefined : child(holder, association);
  if (list === undefined) return [];
  return list.children.map((item) => integer(fieldText(child(item, 'id')) ?? '', `${association}.id`));
}

export function create(shop: EmulatedShop, resource: string, record: XmlElement): number {
  switch (resource) {
    case 'products': {
      const name = required(record, 'name', 'Product');
      if (catalogNameForbidden.test(name) || name.length > 128) throw new QueryError(400, 85, `Validation error: "name" is invalid: ${name.slice(0, 80)}`);
      required(record, 'link_rewrite', 'Product');
      const product = shop.createProduct({
        name,
        reference: reference(fieldText(child(record, 'reference'))),
        ean13: ean13(fieldText(child(record, 'ean13'))),
        priceCents: cents(required(record, 'price', 'Product'), 'price'),
        active: fieldText(child(record, 'active')) !== '0',
      });
      return product.id;
    }
    case 'product_options': {
      const name = required(record, 'name', 'AttributeGroup');
      required(record, 'public_name', 'AttributeGroup');
      required(record, 'group_type', 'AttributeGroup');
      const id = shop.nextId('option');
      shop.optionGroups.set(id, { id, name });
      return id;
    }
    case 'product_option_values': {
      const idGroup = integer(required(record, 'id_attribute_group', 'Attribute'), 'id_attribute_group');
      if (!shop.optionGroups.has(idGroup)) throw new QueryError(400, 85, `Validation error: attribute group ${idGroup} does not exist`);
      const id = shop.nextId('option_value');
      shop.optionValues.set(id, { id, idGroup, name: required(record, 'name', 'Attribute') });
      return id;
    }
    case 'combinations': {
      const idProduct = integer(required(record, 'id_product', 'Combination'), 'id_product');
      required(record, 'minimal_quantity', 'Combination');
      if (!shop.products.has(idProduct)) throw new QueryError(400, 85, `Validation error: product ${idProduct} does not exist`);
      const optionValueIds = listIds(record, 'product_option_values');
      for (const id of optionValueIds) if (!shop.optionValues.has(id)) throw new QueryError(400, 85, `Validation error: attribute ${id} does not exist`);
      const combination = shop.createCombination({
        idProduct,
        reference: reference(fieldText(child(record, 'reference'))),
        ean13: ean13(fieldText(child(record, 'ean13'))),
        priceImpactCents: cents(fieldText(child(record, 'price')), 'price'),
        optionValueIds,
      });
      shop.refreshProductTotal(idProduct);
      return combination.id;
    }
    case 'order_histories': {
      const idOrder = integer(required(record, 'id_order', 'OrderHistory'), 'id_order');
      const state = integer(required(record, 'id_order_state', 'OrderHistory'), 'id_order_state');
      if (!shop.orders.has(idOrder)) throw new QueryError(400, 85, `Validation error: order ${idOrder} does not exist`);
      shop.setState(idOrder, state);
      return Math.max(...shop.histories.keys());
    }
    case 'stock_availables':
      throw new QueryError(405, 101, 'Method POST is not allowed for the resource stock_availables');
    default:
      throw new QueryError(405, 101, `Method POST is not allowed for the resource ${resource} [not emulated]`);
  }
}

/**
 * PUT replaces the whole stock row (reference §1 Verbs): every required field must be there, and
 * an omitted `id_shop` is stored as 0, which takes the row out of the shop (PrestaShop #18953).
 * PATCH (8.x only) changes just the fields sent.
 */
export function updateStock(shop: EmulatedShop, id: number, record: XmlElement, partial: boolean): void {
  const row = shop.stock.get(id);
  if (row === undefined) throw new QueryError(404, 87, `Id(s) not exists: ${id}`);
  const bodyId = fieldText(child(record, 'id'));
  if (bodyId === undefined || bodyId === '') throw new QueryError(400, 90, "You have to set the 'id' parameter in the body");
  if (integer(bodyId, 'id') !== id) throw new QueryError(400, 89, 'The id in the body does not match the id in the url');
  const field = (name: string): string | undefined => {
    const value = fieldText(child(record, name));
    if (partial) return value === '' ? undefined : value;
    if (value === undefined || value === '') {
      if (name === 'id_shop' || name === 'id_shop_group') return '0';
      throw new QueryError(400, 41, `Validation error: "property StockAvailable->${name} is empty"`);
    }
    return value;
  };
  const next = {
    idProduct: field('id_product'),
    idProductAttribute: field('id_product_attribute'),
    idShop: field('id_shop'),
    idShopGroup: field('id_shop_group'),
    quantity: field('quantity'),
    dependsOnStock: field('depends_on_stock'),
    outOfStock: field('out_of_stock'),
  };
  const quantity = next.quantity === undefined ? row.quantity : integer(next.quantity, 'quantity');
  if (Math.abs(quantity) > 2_147_483_647) throw new QueryError(400, 85, 'Validation error: "quantity" is out of range');
  const previousProduct = row.idProduct;
  row.idProduct = next.idProduct === undefined ? row.idProduct : integer(next.idProduct, 'id_product');
  if (row.idProduct !== previousProduct) shop.reindexStock(row, previousProduct);
  row.idProductAttribute = next.idProductAttribute === undefined ? row.idProductAttribute : integer(next.idProductAttribute, 'id_product_attribute');
  row.idShop = next.idShop === undefined ? row.idShop : integer(next.idShop, 'id_shop');
  row.idShopGroup = next.idShopGroup === undefined ? row.idShopGroup : integer(next.idShopGroup, 'id_shop_group');
  row.quantity = quantity;
  row.dependsOnStock = next.dependsOnStock === undefined ? row.dependsOnStock : integer(next.dependsOnStock, 'depends_on_stock');
  row.outOfStock = next.outOfStock === undefined ? row.outOfStock : integer(next.outOfStock, 'out_of_stock');
  if (row.idProductAttribute !== 0) shop.refreshProductTotal(row.idProduct);
}
