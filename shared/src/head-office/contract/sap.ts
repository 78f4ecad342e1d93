/**
 * @module
 * The SAP Business One link at head office (issue 19, "Integrazioni" → SAP Business One). An owner
 * gives the Service Layer's address, company database, user and password (stored encrypted, answered
 * only as hints) and the mappings: SAP VAT groups ↔ Cassa VAT codes, stores → SAP warehouses,
 * payment methods → SAP G/L accounts, the walk-in customer, the takings item and the price list.
 * Items and prices flow from SAP into Cassa's catalogue; each store's business day flows into SAP
 * as one invoice (lines per VAT group), a credit note for returns, and an incoming payment per
 * payment method, each found again by its reference so a day sent twice exists once.
 */
import { z } from 'zod';
import { route } from '../../api/http-contract';
import type { HttpContract } from '../../api/http-contract';
import { vatCodeSchema } from '../../domain/vat';
import { idSchema } from '../../records/catalogue';
import { text } from '../../records/limits';
import { paymentMethodSchema } from '../../records/till-records';
import { ownersOnly } from '../access';
import type { HeadOfficeAccess } from '../access';

/** What went wrong with SAP, worded by `sapProblemText`; SAP's own words travel in `detail`. */
export const sapProblems = [
  'unreachable',
  'timeout',
  'server-error',
  'sign-in-refused',
  'address-not-allowed',
  'refused',
  'unmapped-vat-group',
  'missing-price',
  'invalid-item',
  'unmapped-store',
  'unmapped-payment-method',
  'unmapped-vat-code',
  'nothing-to-send',
  'changed-after-sending',
] as const;
export const sapProblemSchema = z.enum(sapProblems);
export type SapProblem = z.output<typeof sapProblemSchema>;

export const sapProblemText: Readonly<Record<SapProblem, { readonly it: string; readonly en: string }>> = {
  unreachable: { it: "Il Service Layer di SAP non risponde: controlla l'indirizzo e che il server sia acceso.", en: 'SAP’s Service Layer does not answer: check the address and that the server is on.' },
  timeout: { it: 'SAP ha impiegato troppo a rispondere. Cassa riproverà.', en: 'SAP took too long to answer. Cassa will try again.' },
  'server-error': { it: 'SAP ha risposto con un errore interno. Cassa riproverà.', en: 'SAP answered with an internal error. Cassa will try again.' },
  'sign-in-refused': { it: 'SAP ha rifiutato l’accesso: controlla database aziendale, utente e password.', en: 'SAP refused the sign-in: check the company database, user and password.' },
  'address-not-allowed': { it: 'Cassa non chiama questo indirizzo (rete interna del server): usa l’indirizzo pubblico del Service Layer.', en: 'Cassa does not call this address (the server’s own network): use the Service Layer’s public address.' },
  refused: { it: 'SAP ha rifiutato il documento: leggi il suo messaggio e correggi la configurazione.', en: 'SAP refused the document: read its message and correct the set-up.' },
  'unmapped-vat-group': { it: 'Il gruppo IVA di SAP di questo articolo non è abbinato a un codice IVA di Cassa.', en: 'This item’s SAP VAT group is not mapped to a Cassa VAT code.' },
  'missing-price': { it: 'L’articolo non ha un prezzo nel listino SAP scelto.', en: 'The item has no price in the chosen SAP price list.' },
  'invalid-item': { it: 'L’articolo di SAP non può diventare un prodotto di Cassa così com’è.', en: 'The SAP item cannot become a Cassa product as it is.' },
  'unmapped-store': { it: 'Il negozio non è abbinato a un magazzino SAP.', en: 'The store is not mapped to an SAP warehouse.' },
  'unmapped-payment-method': { it: 'Un metodo di pagamento del giorno non è abbinato a un conto SAP.', en: 'A payment method of the day is not mapped to an SAP account.' },
  'unmapped-vat-code': { it: 'Un codice IVA del giorno non è abbinato a un gruppo IVA di SAP.', en: 'A VAT code of the day is not mapped to an SAP VAT group.' },
  'nothing-to-send': { it: 'Il negozio non ha vendite in questo giorno.', en: 'The store has no sales on this day.' },
  'changed-after-sending': {
    it: 'Le vendite del giorno sono cambiate dopo l’invio a SAP (una cassa ha sincronizzato più tardi): correggi in SAP, Cassa non invia il giorno due volte.',
    en: 'The day’s sales changed after it was sent to SAP (a register synced later): correct it in SAP; Cassa does not send a day twice.',
  },
};

/** A business day, `YYYY-MM-DD`. */
const businessDaySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
/** An SAP code (ItemCode, CardCode, VatGroup, WhsCode, AcctCode): printable, no quotes needed. */
const sapCodeSchema = text().min(1).max(50);

export const sapCredentialsSchema = z.object({
  /** The Service Layer's base, e.g. https://sap.example.it:50000/b1s/v1 */
  serviceLayerUrl: z.url({ protocol: /^https?$/ }).max(500),
  companyDb: text().min(1).max(100),
  userName: text().min(1).max(100),
  password: text().min(1).max(200),
});
export type SapCredentialsInput = z.output<typeof sapCredentialsSchema>;

export const sapSettingsSchema = z.object({
  name: text().min(1).max(80),
  /** SAP VAT group ↔ Cassa VAT code, both ways: items' groups map in, the day's codes map out. */
  vatGroups: z.array(z.object({ sapVatGroup: sapCodeSchema, vatCode: vatCodeSchema })).max(50),
  /** Store → SAP warehouse (WarehouseCode on the day's invoice lines). */
  warehouses: z.array(z.object({ storeId: idSchema, warehouseCode: sapCodeSchema })).max(500),
  /** Payment method → SAP G/L account the incoming payment books it on. */
  paymentAccounts: z.array(z.object({ method: paymentMethodSchema, account: sapCodeSchema })).max(10),
  /** The walk-in customer (CardCode) the day's invoice is made out to. */
  customerCode: sapCodeSchema,
  /** A non-inventory SAP item whose lines carry the day's takings per VAT group. */
  takingsItemCode: sapCodeSchema,
  /** The SAP price list (PriceList number) whose price becomes Cassa's price. */
  priceList: z.number().int().min(1).max(10_000),
  /** Items are read from SAP every this many minutes; 0: only when asked. */
  itemsEveryMinutes: z.number().int().min(0).max(1440),
  /** Yesterday's days go to SAP by themselves once a day, after the stores' close. */
  sendDaysDaily: z.boolean(),
});
export type SapSettings = z.output<typeof sapSettingsSchema>;

export const sapRunViewSchema = z.object({
  id: z.string(),
  kind: z.enum(['items', 'day']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  outcome: z.enum(['ok', 'partial', 'failed']).nullable(),
  /** Items written, or documents created in SAP. */
  written: z.number().int().nonnegative(),
  problems: z.array(z.object({ subject: z.string(), problem: sapProblemSchema, detail: z.string() })),
});
export type SapRunView = z.output<typeof sapRunViewSchema>;

export const sapDayViewSchema = z.object({
  storeId: z.string(),
  businessDay: z.string(),
  reference: z.string(),
  state: z.enum(['sending', 'sent']),
  invoiceDocEntry: z.number().int().nullable(),
  creditNoteDocEntry: z.number().int().nullable(),
  paymentDocEntries: z.array(z.number().int()),
  grossCents: z.number().int(),
  sentAt: z.string().nullable(),
});
export type SapDayView = z.output<typeof sapDayViewSchema>;

export const sapLinkViewSchema = z.object({
  id: z.string(),
  settings: sapSettingsSchema,
  /** The non-secret fields as given, the password as a hint. */
  credentialHints: z.record(z.string(), z.string()),
  lastItemsRunAt: z.string().nullable(),
  lastProblem: sapProblemSchema.nullable(),
  lastProblemDetail: z.string().nullable(),
  runs: z.array(sapRunViewSchema),
  days: z.array(sapDayViewSchema),
  createdAt: z.string(),
});
export type SapLinkView = z.output<typeof sapLinkViewSchema>;

export const sapTestResultSchema = z.object({ ok: z.boolean(), problem: sapProblemSchema.nullable(), detail: z.string().nullable(), message: z.object({ it: z.string(), en: z.string() }).nullable() });
export type SapTestResult = z.output<typeof sapTestResultSchema>;

const linkId = z.object({ linkId: idSchema });
const sapOwners: HeadOfficeAccess = ownersOnly;

export const sapContract = {
  'sap.list': route({ method: 'GET', path: '/sap/links', summary: 'The SAP Business One links with their mappings, last runs, days sent and problems', access: sapOwners, input: z.object({}), output: z.array(sapLinkViewSchema) }),
  'sap.test': route({
    method: 'POST',
    path: '/sap/test',
    summary: 'Signs in to the Service Layer with the given credentials (or a saved link’s) and says in plain words what failed',
    access: sapOwners,
    input: z.object({ credentials: sapCredentialsSchema.optional(), linkId: idSchema.optional() }),
    output: sapTestResultSchema,
  }),
  'sap.save': route({
    method: 'POST',
    path: '/sap/links',
    summary: 'Creates a link (credentials required) or changes one (credentials kept when absent); credentials are stored encrypted',
    access: sapOwners,
    input: z.object({ linkId: idSchema.optional(), credentials: sapCredentialsSchema.optional(), settings: sapSettingsSchema }),
    output: sapLinkViewSchema,
  }),
  'sap.remove': route({ method: 'POST', path: '/sap/links/:linkId/remove', summary: 'Removes a link and its credentials; what was sent stays in SAP', access: sapOwners, input: linkId, output: z.object({ ok: z.literal(true) }) }),
  'sap.importItems': route({ method: 'POST', path: '/sap/links/:linkId/import-items', summary: 'Reads the items changed in SAP since the last run into the catalogue, now', access: sapOwners, input: linkId, output: sapRunViewSchema }),
  'sap.sendDay': route({
    method: 'POST',
    path: '/sap/links/:linkId/send-day',
    summary: 'Sends a store’s business day to SAP now; a day already in SAP is found again, never doubled',
    access: sapOwners,
    input: linkId.extend({ storeId: idSchema, businessDay: businessDaySchema }),
    output: sapRunViewSchema,
  }),
} as const satisfies HttpContract<HeadOfficeAccess>;
