import type { Category, HeadOfficeMe, ImportDetails, Product, RegisterView, StorePrice, StoreView, Variant } from '@cassa/shared';
import { decodeTextFile, describeImportReason, euroInputText, MAX_AMOUNT_CENTS, parseEuroInput, PRODUCT_NAME_MAX_LENGTH, unprintableOnReceipt } from '@cassa/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api';
import { ErrorNote } from '../app';
import { dateTime, money } from '../i18n';
import { useAsync, useWrite } from '../use-async';
import { StreamTags } from '../stream-tags';
import { NamedOptions } from '../named-options';

const vatCodes = ['22', '10', '5', '4', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6'];

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A typed price in exact cents ("0,29" is 29, never 28), or null when it is not an amount. */
function parseCents(text: string): number | null {
  return parseEuroInput(text, { min: 0, max: MAX_AMOUNT_CENTS });
}

/** Cents as the person types them: a decimal comma in Italian. */
function decimal(cents: number, language: string): string {
  return euroInputText(cents, language);
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Sizes × colours → one variant per combination, with its own code and barcode. */
function buildProduct(input: { name: string; sku: string; priceCents: number; vatCode: string; categoryId: string | null; sizes: string[]; colours: string[]; barcodes: Record<string, string> }): Product {
  const axes = [
    ...(input.sizes.length > 0 ? [{ name: 'taglia', values: input.sizes }] : []),
    ...(input.colours.length > 0 ? [{ name: 'colore', values: input.colours }] : []),
  ];
  const combos: Record<string, string>[] = [{}];
  for (const axis of axes) {
    const next: Record<string, string>[] = [];
    for (const combo of combos) for (const value of axis.values) next.push({ ...combo, [axis.name]: value });
    combos.splice(0, combos.length, ...next);
  }
  const sku = input.sku.trim();
  const variants: Variant[] = combos.map((options) => {
    const suffix = Object.values(options).join('-');
    const variantSku = suffix ? `${sku}-${suffix}`.toUpperCase() : sku;
    const barcode = input.barcodes[suffix] ?? '';
    return { id: `v-${slug(variantSku)}`, sku: variantSku, barcodes: barcode ? [barcode] : [], options, priceCents: null, active: true };
  });
  return {
    id: `p-${slug(sku)}`,
    sku,
    name: input.name.trim(),
    categoryId: input.categoryId,
    vatCode: input.vatCode as Product['vatCode'],
    unit: 'piece',
    priceCents: input.priceCents,
    axes,
    variants,
    active: true,
  };
}

interface ImportNoteView {
  line: number;
  sku: string;
  reason: string;
  details: ImportDetails;
  message: string;
}

interface ImportResult {
  products: number;
  variants: number;
  rejected: ImportNoteView[];
  warnings: ImportNoteView[];
  dryRun: boolean;
  /** How the file's bytes were read, when not UTF-8. */
  encoding?: string;
}

/** A product name field that warns (never refuses) when the receipt printer would print "?". */
function ProductNameInput({ defaultValue = '' }: { defaultValue?: string }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [unprintable, setUnprintable] = useState(() => unprintableOnReceipt(defaultValue));
  useEffect(() => {
    const form = input.current?.form;
    const onReset = () => setUnprintable(unprintableOnReceipt(defaultValue));
    form?.addEventListener('reset', onReset);
    return () => form?.removeEventListener('reset', onReset);
  }, [defaultValue]);
  return (
    <>
      <input ref={input} name="name" defaultValue={defaultValue} required maxLength={PRODUCT_NAME_MAX_LENGTH} onChange={(e) => setUnprintable(unprintableOnReceipt(e.target.value))} />
      {unprintable.length > 0 ? (
        <span className="muted" role="note">
          {t('cat.unprintableName', { chars: unprintable.join(' ') })}
        </span>
      ) : null}
    </>
  );
}

/**
 * The import's rejected rows or warnings: line, SKU and the reason in the page's language. Nothing
 * when there are none; the caption only where one is given (the rejected rows have none).
 */
function ImportNotesTable({ caption, lastHeader, notes }: { caption?: string; lastHeader: string; notes: readonly ImportNoteView[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'it';
  if (notes.length === 0) return null;
  return (
    <table>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          <th scope="col">{t('cat.line')}</th>
          <th scope="col">{t('cat.sku')}</th>
          <th scope="col">{lastHeader}</th>
        </tr>
      </thead>
      <tbody>
        {notes.map((r) => (
          <tr key={`${r.line}-${r.sku}`}>
            <td>{r.line}</td>
            <td>{r.sku}</td>
            <td>{describeImportReason(r.reason, r.details, lang, r.message)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CataloguePage({ me }: { me: HeadOfficeMe }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const catalogue = useAsync(() => get<{ products: Product[]; categories: Category[]; storePrices: StorePrice[] }>('/catalogue'), []);
  const stores = useAsync(() => get<StoreView[]>('/stores'), []);
  const registers = useAsync(() => get<RegisterView[]>('/registers'), []);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [sizes, setSizes] = useState('');
  const [colours, setColours] = useState('');
  const [imported, setImported] = useState<ImportResult | null>(null);
  const canWriteCatalogue = me.role === 'owner' || (me.role === 'manager' && me.storeIds.length === 0);
  const canWritePrices = me.role !== 'viewer';

  const write = useWrite(setError, () => Promise.all([catalogue.reload(), registers.reload()]));
  const run = async (work: () => Promise<unknown>) => {
    setStatus((await write(work)) ? t('cat.saved') : null);
  };

  const combos = useMemo(() => {
    const s = list(sizes);
    const c = list(colours);
    if (s.length === 0 && c.length === 0) return [''];
    if (s.length === 0) return c;
    if (c.length === 0) return s;
    return s.flatMap((x) => c.map((y) => `${x}-${y}`));
  }, [sizes, colours]);

  async function create(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const target = e.currentTarget;
    const form = new FormData(target);
    const priceCents = parseCents(String(form.get('price')));
    if (priceCents === null) {
      setError(t('cat.price'));
      return;
    }
    const barcodes: Record<string, string> = {};
    for (const combo of combos) barcodes[combo] = String(form.get(`barcode:${combo}`) ?? '').trim();
    const category = String(form.get('category'));
    const product = buildProduct({
      name: String(form.get('name')),
      sku: String(form.get('sku')),
      priceCents,
      vatCode: String(form.get('vat')),
      categoryId: category === '' ? null : category,
      sizes: list(sizes),
      colours: list(colours),
      barcodes,
    });
    await run(async () => {
      await post('/catalogue/products', product);
      target.reset();
      setSizes('');
      setColours('');
    });
  }

  async function importCsv(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File)) return;
    // Bytes, not file.text(): that would turn a Windows-1252 "Perù" into "Per�" silently.
    const decoded = decodeTextFile(new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) {
      setImported(null);
      setError(describeImportReason('file-encoding', { why: decoded.message }, lang === 'en' ? 'en' : 'it'));
      return;
    }
    const encoding = decoded.encoding === 'utf-8' ? undefined : decoded.encoding.toUpperCase();
    await run(async () =>
      setImported({ ...(await post<ImportResult>('/catalogue/import', { csv: decoded.text, dryRun: form.get('dryRun') === 'on' })), ...(encoding ? { encoding } : {}) }),
    );
  }

  const products = (catalogue.data?.products ?? []).filter(
    (p) => query === '' || `${p.name} ${p.sku} ${p.variants.flatMap((v) => v.barcodes).join(' ')}`.toLowerCase().includes(query.toLowerCase()),
  );
  const categoryName = (id: string | null) => catalogue.data?.categories.find((c) => c.id === id)?.name ?? '—';
  const storePriceOf = (storeId: string, variantId: string) => catalogue.data?.storePrices.find((p) => p.storeId === storeId && p.variantId === variantId);

  return (
    <>
      <h1>{t('cat.title')}</h1>
      <ErrorNote message={error ?? catalogue.error} />
      <p aria-live="polite" className="status">
        {status}
      </p>
      {canWriteCatalogue ? (
        <section className="card" aria-label={t('cat.new')}>
          <h2>{t('cat.new')}</h2>
          <form className="grid" aria-label={t('cat.new')} onSubmit={(e) => void create(e)}>
            <label>
              {t('cat.name')}
              <ProductNameInput />
            </label>
            <label>
              {t('cat.sku')}
              <input name="sku" required maxLength={40} pattern="[A-Za-z0-9._\-]+" />
            </label>
            <label>
              {t('cat.price')}
              <input name="price" required inputMode="decimal" pattern="[0-9]+([.,][0-9]{1,2})?" />
            </label>
            <label>
              {t('cat.vat')}
              <select name="vat" defaultValue="22">
                {vatCodes.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </label>
            <label>
              {t('cat.category')}
              <select name="category" defaultValue="">
                <option value="">{t('cat.none')}</option>
                <NamedOptions items={catalogue.data?.categories ?? []} />
              </select>
            </label>
            <label>
              {t('cat.sizes')}
              <input value={sizes} onChange={(e) => setSizes(e.target.value)} placeholder="S, M, L" />
            </label>
            <label>
              {t('cat.colours')}
              <input value={colours} onChange={(e) => setColours(e.target.value)} placeholder="Blu, Rosso" />
            </label>
            <fieldset className="matrix">
              <legend>{t('cat.variants')}</legend>
              {combos.map((combo) => (
                <label key={combo}>
                  {combo === '' ? t('cat.barcode') : t('cat.barcodeOf', { variant: combo })}
                  <input name={`barcode:${combo}`} inputMode="numeric" maxLength={64} />
                </label>
              ))}
            </fieldset>
            <button type="submit">{t('cat.create')}</button>
          </form>
          <form
            className="inline"
            aria-label={t('cat.newCategory')}
            onSubmit={(e) => {
              e.preventDefault();
              const target = e.currentTarget;
              const name = String(new FormData(target).get('categoryName')).trim();
              void run(async () => {
                await post('/catalogue/categories', { id: `cat-${slug(name)}`, name, parentId: null });
                target.reset();
              });
            }}
          >
            <label>
              {t('cat.newCategory')}
              <input name="categoryName" required maxLength={120} />
            </label>
            <button type="submit">{t('cat.addCategory')}</button>
          </form>
        </section>
      ) : null}

      <section className="card" aria-label={t('cat.title')}>
        <div className="card-head">
          <h2>{t('cat.title')}</h2>
          <label>
            <span className="visually-hidden">{t('cat.search')}</span>
            <input type="search" aria-label={t('cat.search')} placeholder={t('cat.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
          </label>
        </div>
        <ul className="products">
          {products.slice(0, 200).map((p) => (
            <li key={p.id}>
              <div className="product-head">
                <strong>{p.name}</strong> <small>{p.sku}</small> <small>IVA {p.vatCode}</small> <small>{categoryName(p.categoryId)}</small>
              </div>
              {canWriteCatalogue ? (
                <form
                  className="inline"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const cents = parseCents(String(new FormData(e.currentTarget).get('price')));
                    if (cents === null) return;
                    void run(() => post('/catalogue/products', { ...p, priceCents: cents }));
                  }}
                >
                  <input name="price" aria-label={t('cat.priceOf', { name: p.name })} defaultValue={decimal(p.priceCents, lang)} inputMode="decimal" key={p.priceCents} />
                  <button type="submit" aria-label={t('cat.savePrice', { name: p.name })}>
                    {t('stores.save')}
                  </button>
                </form>
              ) : (
                <span>{money(p.priceCents, lang)}</span>
              )}
              {canWriteCatalogue ? (
                <details>
                  <summary>{t('cat.edit', { name: p.name })}</summary>
                  <form
                    className="grid"
                    aria-label={t('cat.edit', { name: p.name })}
                    onSubmit={(e) => {
                      e.preventDefault();
                      const form = new FormData(e.currentTarget);
                      const category = String(form.get('category'));
                      const edited: Product = {
                        ...p,
                        name: String(form.get('name')).trim(),
                        vatCode: String(form.get('vat')) as Product['vatCode'],
                        categoryId: category === '' ? null : category,
                        active: form.get('active') === 'on',
                        variants: p.variants.map((v) => {
                          const barcodes = String(form.get(`barcodes:${v.id}`) ?? '')
                            .split(/[\s,]+/)
                            .filter((b) => b.length > 0);
                          return { ...v, barcodes };
                        }),
                      };
                      void run(() => post('/catalogue/products', edited));
                    }}
                  >
                    <label>
                      {t('cat.name')}
                      <ProductNameInput defaultValue={p.name} />
                    </label>
                    <label>
                      {t('cat.vat')}
                      <select name="vat" defaultValue={p.vatCode}>
                        {vatCodes.map((v) => (
                          <option key={v}>{v}</option>
                        ))}
                      </select>
                    </label>
                    <label>
                      {t('cat.category')}
                      <select name="category" defaultValue={p.categoryId ?? ''}>
                        <option value="">{t('cat.none')}</option>
                        <NamedOptions items={catalogue.data?.categories ?? []} />
                      </select>
                    </label>
                    <label className="check">
                      <input type="checkbox" name="active" defaultChecked={p.active} /> {t('cat.active')}
                    </label>
                    {p.variants.map((v) => (
                      <label key={v.id}>
                        {t('cat.barcodeOf', { variant: v.sku })}
                        <input name={`barcodes:${v.id}`} defaultValue={v.barcodes.join(' ')} />
                      </label>
                    ))}
                    <button type="submit">{t('stores.save')}</button>
                  </form>
                </details>
              ) : null}
              <details>
                <summary>
                  {t('cat.variants')} ({p.variants.length})
                </summary>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('cat.sku')}</th>
                      <th scope="col">{t('cat.barcode')}</th>
                      {(stores.data ?? []).map((s) => (
                        <th scope="col" key={s.id}>
                          {s.name}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {p.variants.map((v) => (
                      <tr key={v.id}>
                        <td>{v.sku}</td>
                        <td>{v.barcodes.join(', ')}</td>
                        {(stores.data ?? []).map((s) => {
                          const label = `${p.name} ${Object.values(v.options).join(' ')}`.trim();
                          return (
                            <td key={s.id}>
                              {canWritePrices ? (
                                <form
                                  className="inline"
                                  onSubmit={(e) => {
                                    e.preventDefault();
                                    const text = String(new FormData(e.currentTarget).get('price')).trim();
                                    const cents = text === '' ? null : parseCents(text);
                                    void run(() => post('/catalogue/store-prices', { storeId: s.id, variantId: v.id, priceCents: cents }));
                                  }}
                                >
                                  <input
                                    name="price"
                                    size={6}
                                    aria-label={t('cat.storePriceOf', { name: label, store: s.name })}
                                    defaultValue={storePriceOf(s.id, v.id) ? decimal(storePriceOf(s.id, v.id)?.priceCents ?? 0, lang) : ''}
                                    placeholder={decimal(p.priceCents, lang)}
                                  />
                                  <button type="submit" className="secondary" aria-label={t('cat.saveStorePrice', { name: label, store: s.name })}>
                                    ✓
                                  </button>
                                </form>
                              ) : (
                                money(storePriceOf(s.id, v.id)?.priceCents ?? v.priceCents ?? p.priceCents, lang)
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-label={t('cat.tills')}>
        <h2>{t('cat.tills')}</h2>
        <div className="scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('stores.register')}</th>
                <th scope="col">{t('dash.store')}</th>
                <th scope="col">{t('stores.lastPull')}</th>
                <th scope="col">{t('stores.streams')}</th>
              </tr>
            </thead>
            <tbody>
              {(registers.data ?? [])
                .filter((r) => r.revokedAt === null)
                .map((r) => (
                  <tr key={r.id}>
                    <td>{r.name}</td>
                    <td>{stores.data?.find((s) => s.id === r.storeId)?.name ?? r.storeId}</td>
                    <td>{r.lastPullAt ? dateTime(r.lastPullAt, lang) : t('stores.never')}</td>
                    <td>
                      <StreamTags streams={r.streams.filter((s) => s.stream === 'catalogue' || s.stream === 'prices')} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>

      {canWriteCatalogue ? (
        <section className="card" aria-label={t('cat.import')}>
          <h2>{t('cat.import')}</h2>
          <form className="inline" onSubmit={(e) => void importCsv(e)}>
            <label>
              {t('cat.importFile')}
              <input type="file" name="file" accept=".csv,text/csv" required />
            </label>
            <label className="check">
              <input type="checkbox" name="dryRun" /> {t('cat.dryRun')}
            </label>
            <button type="submit">{t('cat.importNow')}</button>
          </form>
          {imported ? (
            <>
              <p role="status">{t('cat.imported', { products: imported.products, variants: imported.variants, rejected: imported.rejected.length })}</p>
              <ImportNotesTable lastHeader={t('cat.reason')} notes={imported.rejected} />
              {imported.encoding ? <p className="muted">{t('cat.decodedAs', { encoding: imported.encoding })}</p> : null}
              <ImportNotesTable caption={t('cat.warningsTitle')} lastHeader={t('cat.warning')} notes={imported.warnings} />
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
