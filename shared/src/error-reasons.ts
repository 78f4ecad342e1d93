/**
 * @module
 * The declared sub-codes of a refusal: `details.reason` on a {@link CassaError}. The error code
 * says what kind of refusal it is (CONFLICT, NOT_AUTHENTICATED…); the reason says which rule
 * refused, and its row here words it in Italian and English from the details it names. A reason
 * not in this table does not compile at a throw site (see `ErrorDetails` in errors.ts).
 *
 * The strings are a wire format: tills in the field send them and head office answers with them,
 * so a reason is never renamed, only added.
 */
import { describeImportReason, importReasonTexts } from './catalogue/import-reasons';
import type { ImportReason } from './catalogue/import-reasons';
import type { InvalidScanReason } from './domain/barcode';
import { invalidScanReasons, invalidScanText } from './domain/reason-text';
import { fiscalRequestReasons } from './fiscal/fiscal-request-problems';
import type { FiscalRequestProblem, FiscalRequestProblemDetails } from './fiscal/fiscal-request-problems';
import type { FiscalFailure } from './fiscal/fiscal-model';
import { formatEuro } from './domain/euro-text';
import { VAT_NATURE_DESCRIPTIONS } from './domain/vat';
import type { VatNature } from './domain/vat';

export type ErrorLocale = 'it' | 'en';

/** The details of a refusal as they arrive: any JSON object. Each row reads the keys it `needs`. */
export type ReasonDetails = Readonly<Record<string, unknown>>;

interface ReasonRow<Need extends string = string> {
  /** The details keys the sentence uses; a throw site must give them (see {@link ReasonNeeds}). */
  readonly needs: readonly Need[];
  readonly it: (details: ReasonDetails) => string;
  readonly en: (details: ReasonDetails) => string;
}

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '?');
const fixed = (it: string, en: string): ReasonRow<never> => ({ needs: [], it: () => it, en: () => en });

/** Issue 17: an amount of cents as euro (a detail that is no whole number is shown as it came). */
const euroOf = (cents: unknown, locale: ErrorLocale): string => (typeof cents === 'number' && Number.isSafeInteger(cents) ? formatEuro(cents, locale) : text(cents));

/** A fiscal device's failure as the cashier reads it: what is wrong and what to do. */
const fiscalFailureText: Readonly<Record<FiscalFailure, readonly [it: string, en: string]>> = {
  // Epson's status says "offline: paper end or cover open" with one digit (fpmate printerStatus 3):
  // the sentence names both, so a cashier with paper and an open cover is not sent for a roll.
  'paper-out': ['il registratore è senza carta o ha il coperchio aperto: controllare rotolo e coperchio', 'the fiscal device is out of paper or its cover is open: check the roll and the cover'],
  'cover-open': ['il coperchio del registratore è aperto: chiuderlo', "the fiscal device's cover is open: close it"],
  offline: ['il registratore non risponde: controllare che sia acceso e collegato', 'the fiscal device does not answer: check it is on and connected'],
  'journal-full': ['il giornale elettronico è pieno: chiamare il tecnico', 'the electronic journal is full: call the technician'],
  'fiscal-memory-full': ['la memoria fiscale è piena: chiamare il tecnico', 'the fiscal memory is full: call the technician'],
  'closure-needed': ['il registratore chiede la chiusura giornaliera (Z)', 'the fiscal device needs its daily closure (Z)'],
  'clock-error': ["l'orologio del registratore non è valido", "the fiscal device's clock is wrong"],
  'not-in-service': ['il registratore non è in servizio', 'the fiscal device is not in service'],
  'certificate-expired': ['il certificato del registratore è scaduto', "the fiscal device's certificate has expired"],
  'department-not-programmed': ['un reparto non è programmato sul registratore', 'a department is not programmed on the fiscal device'],
  busy: ['il registratore è occupato: riprovare tra poco', 'the fiscal device is busy: try again shortly'],
  refused: ['il registratore ha rifiutato il documento', 'the fiscal device refused the document'],
  'bad-request': ['il registratore non ha accettato la richiesta', 'the fiscal device did not accept the request'],
  'outcome-unknown': ['non è certo che il registratore abbia emesso il documento', 'it is not certain the fiscal device issued the document'],
};

function fiscalFailureSentence(failure: unknown, locale: ErrorLocale): string {
  const row = typeof failure === 'string' && Object.hasOwn(fiscalFailureText, failure) ? fiscalFailureText[failure as FiscalFailure] : null;
  if (row) return locale === 'it' ? row[0] : row[1];
  // A failure this build does not know (a newer till's): its code is all there is to show.
  return locale === 'it' ? `errore del registratore (${text(failure)})` : `fiscal device error (${text(failure)})`;
}

/** A sale the device would refuse, worded by shared/src/fiscal's own table. */
function fiscalRequestSentence(d: ReasonDetails, locale: ErrorLocale): string {
  const problem = d.problem;
  if (typeof problem === 'string' && Object.hasOwn(fiscalRequestReasons, problem)) {
    return fiscalRequestReasons[problem as FiscalRequestProblem][locale](d as FiscalRequestProblemDetails);
  }
  // A problem this build does not know (a newer till's): its code is all there is to show.
  return locale === 'it' ? `Il documento commerciale non può essere emesso (${text(problem)})` : `The documento commerciale cannot be issued (${text(problem)})`;
}

/** "IVA 10%" or "natura N3 (Non imponibili)": a VAT code as the shop reads it. */
function vatCodeText(code: unknown, locale: ErrorLocale): string {
  const value = text(code);
  if (typeof code === 'string' && Object.hasOwn(VAT_NATURE_DESCRIPTIONS, code)) {
    const nature = VAT_NATURE_DESCRIPTIONS[code as VatNature];
    return locale === 'it' ? `natura ${value} (${nature.it})` : `nature ${value} (${nature.en})`;
  }
  return locale === 'it' ? `IVA ${value}%` : `VAT ${value}%`;
}

/** The sales a refused Z waits for, as " (n. 0003-0012 € 12,50; …)": at most five named. */
function waitingSales(d: ReasonDetails, locale: ErrorLocale): string {
  const sales = Array.isArray(d.sales) ? (d.sales as unknown[]) : [];
  const named = sales.slice(0, 5).map((sale) => {
    const row = typeof sale === 'object' && sale !== null ? (sale as Record<string, unknown>) : {};
    const amount = typeof row.totalCents === 'number' && Number.isSafeInteger(row.totalCents) ? ` ${formatEuro(row.totalCents, locale)}` : '';
    const why = typeof row.failure === 'string' ? `: ${fiscalFailureSentence(row.failure, locale)}` : '';
    return `${locale === 'it' ? 'scontrino' : 'receipt'} ${text(row.receiptNumber)}${amount}${why}`;
  });
  if (named.length === 0) return '';
  const more = sales.length > named.length ? (locale === 'it' ? `; e altri ${sales.length - named.length}` : `; and ${sales.length - named.length} more`) : '';
  return ` (${named.join('; ')}${more})`;
}

/** Reasons of our own (head office, pairing, the till's scale and its head-office link). */
const ownReasons = {
  // Head-office sign-in and team
  credentials: fixed('Email o password errati', 'Wrong email or password'),
  'current-password': fixed('La password attuale è errata', 'The current password is wrong'),
  'self-demote': fixed('Non puoi toglierti il ruolo di titolare: chiedi a un altro titolare', 'You cannot demote yourself: ask another owner'),
  'self-remove': fixed('Non puoi eliminare il tuo stesso account', 'You cannot remove yourself'),
  'email-taken': {
    needs: ['email'] as const,
    it: (d) => `${text(d.email)} ha già un account`,
    en: (d) => `${text(d.email)} already has an account`,
  },
  // Stock transfers
  'same-store': fixed('Un trasferimento va da un negozio a un altro', 'A transfer goes from one store to another'),
  // Pairing a register
  'device-id-taken': fixed(
    'La sede conosce già questa cassa e non ha potuto verificare che sia proprio lei: chiedi alla sede il "codice per riabbinare" questa cassa (nell\'elenco delle casse) e usa quello.',
    'Head office already knows this register and could not verify it is really this one: ask head office for the "code to pair again" of this register (in its register list) and use that.',
  ),
  'code-for-another-register': fixed(
    'Questo codice è stato creato per un\'altra cassa: chiedi alla sede un codice per questa.',
    'This code was made for another register: ask head office for a code for this one.',
  ),
  // A paired register's settings belong to head office
  'head-office-managed': fixed(
    'Questa cassa è gestita dalla sede: fai la modifica dal gestionale della sede.',
    'Head office manages this register: make the change in the head office app.',
  ),
  // Issue 20: a till in a browser (the phone) opens no cable or network device
  'browser-without-ports': fixed(
    'Questa cassa gira nel browser del telefono o del tablet: non può aprire stampanti, lettori, display o bilance via cavo o rete. Collegali a una cassa su PC; gli scontrini qui si mostrano e si condividono sullo schermo.',
    'This till runs in the browser of a phone or tablet: it cannot open printers, scanners, displays or scales by cable or network. Connect them to a PC till; receipts here are shown and shared on screen.',
  ),
  // The scale (drivers' ScaleError reasons)
  motion: fixed('La bilancia non è ferma: attendi che il peso si stabilizzi e riprova', 'The scale is not steady: wait for the weight to settle and try again'),
  'over-capacity': fixed('Il peso supera la portata della bilancia', "The weight is over the scale's capacity"),
  'under-zero': fixed('La bilancia segna meno di zero: libera il piatto e azzerala', 'The scale reads below zero: clear the pan and zero it'),
  'no-answer': fixed('La bilancia non risponde: controlla il cavo e che sia accesa', 'The scale does not answer: check its cable and that it is on'),
  // The Italian fiscal device (registratore telematico)
  'fiscal-request': {
    needs: ['problem'] as const,
    it: (d) => fiscalRequestSentence(d, 'it'),
    en: (d) => fiscalRequestSentence(d, 'en'),
  },
  'fiscal-documents-open': {
    needs: ['count'] as const,
    it: (d) =>
      d.count === 1
        ? `Chiusura Z rifiutata: 1 documento commerciale non ancora emesso${waitingSales(d, 'it')}. Risolvere il problema del registratore, oppure un responsabile lo registra come emesso a mano`
        : `Chiusura Z rifiutata: ${text(d.count)} documenti commerciali non ancora emessi${waitingSales(d, 'it')}. Risolvere il problema del registratore, oppure un responsabile li registra come emessi a mano`,
    en: (d) =>
      d.count === 1
        ? `Z closure refused: 1 documento commerciale not yet issued${waitingSales(d, 'en')}. Fix the fiscal device, or a manager records it as issued by hand`
        : `Z closure refused: ${text(d.count)} documenti commerciali not yet issued${waitingSales(d, 'en')}. Fix the fiscal device, or a manager records them as issued by hand`,
  },
  // A product the device could not file: refused when it is scanned, not at payment.
  'fiscal-no-department': {
    needs: ['vatCode', 'description'] as const,
    it: (d) =>
      `"${text(d.description)}" non si può vendere: nessun reparto del registratore per ${vatCodeText(d.vatCode, 'it')}. Aggiungerlo in Gestione → Dispositivi → Reparti, come è programmato sul registratore`,
    en: (d) =>
      `"${text(d.description)}" cannot be sold: no fiscal device department for ${vatCodeText(d.vatCode, 'en')}. Add it in Back office → Devices → Departments, as the device holds it`,
  },
  'fiscal-original-missing': fixed(
    'Il documento commerciale della vendita originale non è noto: indicarlo (matricola, Z, numero, data), oppure un responsabile sceglie un reso senza riferimento',
    "The original sale's documento commerciale is not known: give it (serial, Z, number, date), or a manager chooses an unreferenced return",
  ),
  'fiscal-original-not-issued': fixed(
    'Il documento commerciale della vendita originale non è ancora stato emesso: attendere che il registratore lo emetta',
    "The original sale's documento commerciale is not issued yet: wait for the fiscal device to issue it",
  ),
  'fiscal-reference-refused': fixed(
    'Il registratore non accetta un reso o un annullo di quel documento',
    'The fiscal device does not accept a return or void of that document',
  ),
  'fiscal-device-failure': {
    needs: ['failure'] as const,
    it: (d) => `Registratore telematico: ${fiscalFailureSentence(d.failure, 'it')}`,
    en: (d) => `Fiscal device: ${fiscalFailureSentence(d.failure, 'en')}`,
  },
  // A Z sent without an answer: it may have closed the day, and a Z cannot be undone, so the till
  // does not send another before an X reading shows whether the day is still open. `failure` is
  // why the till could not find out yet ('outcome-unknown' when the device answered nothing).
  'fiscal-z-uncertain': {
    needs: ['failure'] as const,
    it: (d) =>
      `Chiusura giornaliera (Z) senza risposta dal registratore${d.failure === 'outcome-unknown' ? '' : ` (${fiscalFailureSentence(d.failure, 'it')})`}. Non viene ripetuta alla cieca: chiudere di nuovo il turno quando il registratore risponde; una lettura X stampata dirà se la Z è già stata fatta`,
    en: (d) =>
      `The daily closure (Z) got no answer from the fiscal device${d.failure === 'outcome-unknown' ? '' : ` (${fiscalFailureSentence(d.failure, 'en')})`}. It is not sent again blindly: close the shift again once the device answers; a printed X reading will tell whether the Z was made`,
  },
  'fiscal-z-other-device': {
    needs: ['serial', 'expected'] as const,
    it: (d) => `Chiusura Z: risponde il registratore ${text(d.serial)}, non ${text(d.expected)} a cui la Z è stata inviata. Ricollegare quel registratore per sapere se la Z è stata fatta`,
    en: (d) => `Daily closure (Z): the fiscal device answering is ${text(d.serial)}, not ${text(d.expected)} that the Z was sent to. Connect that device again to find out whether the Z was made`,
  },
  'fiscal-manual-mismatch': fixed(
    'Il documento indicato non è tra quelli in attesa di emissione',
    'That document is not among those waiting to be issued',
  ),
  // Issue 17: chain ledgers (vouchers, gift cards, store credit, loyalty points)
  'ledger-offline-allowance': {
    needs: ['availableCents'] as const,
    it: (d) => `Senza la sede si possono usare al massimo ${euroOf(d.availableCents, 'it')} di questo buono o credito`,
    en: (d) => `Without head office at most ${euroOf(d.availableCents, 'en')} of this voucher or credit can be used`,
  },
  'ledger-insufficient': {
    needs: ['availableCents'] as const,
    it: (d) => `Secondo la sede sono disponibili solo ${euroOf(d.availableCents, 'it')}`,
    en: (d) => `Head office says only ${euroOf(d.availableCents, 'en')} is available`,
  },
  'ledger-points-offline-allowance': {
    needs: ['availableCents'] as const,
    it: (d) => `Senza la sede si possono usare al massimo ${text(d.availableCents)} punti`,
    en: (d) => `Without head office at most ${text(d.availableCents)} points can be used`,
  },
  'ledger-points-insufficient': {
    needs: ['availableCents'] as const,
    it: (d) => `Secondo la sede il cliente ha solo ${text(d.availableCents)} punti disponibili`,
    en: (d) => `Head office says the customer has only ${text(d.availableCents)} points available`,
  },
  'ledger-points-minimum': {
    needs: ['minimumRedeem'] as const,
    it: (d) => `Si riscattano almeno ${text(d.minimumRedeem)} punti alla volta`,
    en: (d) => `At least ${text(d.minimumRedeem)} points are redeemed at a time`,
  },
  // Issue 17, ledger area: vouchers, store credit and points.
  'unknown-account': fixed('Buono o credito sconosciuto', 'Unknown voucher or credit'),
  'reservation-id-taken': fixed('Questa prenotazione è di un’altra cassa', 'This reservation belongs to another register'),
  'reservation-id-reused': fixed(
    'Questa prenotazione era per un altro buono o importo',
    'This reservation was for another voucher or amount',
  ),
  // Issue 17, customers everywhere
  'customer-merged': {
    needs: ['customerId', 'mergedInto'] as const,
    it: (d) => `Il cliente ${text(d.customerId)} è già stato unito al cliente ${text(d.mergedInto)}`,
    en: (d) => `Customer ${text(d.customerId)} was already merged into customer ${text(d.mergedInto)}`,
  },
  'merge-into-itself': fixed('Un cliente non può essere unito a sé stesso', 'A customer cannot be merged into itself'),
  // Issue 19, webhooks: an endpoint's address on head office's own network, or no http(s) URL.
  'webhook-address-refused': {
    needs: ['detail'] as const,
    it: (d) => `Head office non invia webhook a questo indirizzo: ${text(d.detail)}`,
    en: (d) => `Head office does not send webhooks to this address: ${text(d.detail)}`,
  },
  // Issue 18, sales channels: the server was started without CASSA_CHANNEL_KEYS.
  'channel-keys-missing': fixed(
    'Il server non ha una chiave per cifrare le credenziali dei canali (CASSA_CHANNEL_KEYS): chiedi a chi gestisce il server di impostarla',
    'The server has no key to encrypt channel credentials (CASSA_CHANNEL_KEYS): ask whoever runs the server to set one',
  ),
  // Issue 18: a row sealed under a key the server no longer has, or copied from another account.
  'channel-credentials-unreadable': fixed(
    'Le credenziali di questo canale non si possono decifrare con le chiavi del server: inseriscile di nuovo',
    "This channel's credentials cannot be decrypted with the server's keys: enter them again",
  ),
  // Issue 18: publishing creates products on PrestaShop only.
  'channel-publish-unsupported': fixed(
    'La pubblicazione dei prodotti è disponibile solo per PrestaShop',
    'Publishing products is available for PrestaShop only',
  ),
  // Issue 18: a link or reconciliation the owner started could not talk to the channel.
  'channel-remote-failed': {
    needs: ['detail'] as const,
    it: (d) => `Il canale non ha risposto come previsto: ${text(d.detail)}`,
    en: (d) => `The channel did not answer as expected: ${text(d.detail)}`,
  },
  // Issue 18: replacing credentials with another channel kind's.
  'channel-kind-mismatch': fixed('Le nuove credenziali sono di un altro tipo di canale', 'The new credentials are for another kind of channel'),
  // Issue 18: a dead letter already retried or ignored.
  'channel-dead-letter-closed': fixed('Questo elemento è già stato ripreso o ignorato', 'This item was already retried or ignored'),
  // Issue 18: a connection test names either credentials or a connected account.
  'channel-test-input': fixed(
    'Indica le credenziali da provare oppure un canale collegato, non entrambi',
    'Give either the credentials to try or a connected channel, not both',
  ),
  // Issue 19, SAP Business One: a new link, or a test without a saved link, needs the Service Layer credentials.
  'sap-credentials-needed': fixed(
    'Indica indirizzo del Service Layer, database aziendale, utente e password di SAP',
    'Give the Service Layer address, company database, user and password of SAP',
  ),
  // Stock across stores (issue 17): receiving a transfer at the till.
  'transfer-unexpected-item': {
    needs: ['code'],
    it: (d) => `L'articolo ${text(d.code)} non fa parte di questo trasferimento: mettilo da parte e avvisa la sede`,
    en: (d) => `Item ${text(d.code)} is not part of this transfer: set it aside and tell head office`,
  },
  'transfer-cancelled': fixed('Questo trasferimento è stato annullato dalla sede', 'Head office cancelled this transfer'),
  'transfer-already-received': fixed('Questo trasferimento è già stato ricevuto', 'This transfer has already been received'),
  'transfer-nothing-counted': fixed('Nessun articolo contato: scansiona la merce arrivata', 'Nothing counted: scan the goods that arrived'),
  // Issue 19, the public API and its keys.
  'api-key-missing': fixed(
    "Manca la chiave API: invia l'intestazione Authorization: Bearer cassa_live_…",
    'The API key is missing: send the header Authorization: Bearer cassa_live_…',
  ),
  'api-key-invalid': fixed('Chiave API sconosciuta o errata', 'Unknown or wrong API key'),
  'api-key-revoked': fixed('Questa chiave API è stata revocata', 'This API key was revoked'),
  'api-scope': { needs: ['scope'], it: (d) => `Questa chiave API non ha il permesso ${text(d.scope)}`, en: (d) => `This API key lacks the ${text(d.scope)} permission` },
  'api-store': { needs: ['storeId'], it: (d) => `Questa chiave API non può usare il negozio ${text(d.storeId)}`, en: (d) => `This API key may not use store ${text(d.storeId)}` },
  'api-store-limited': fixed(
    "Una chiave API limitata ad alcuni negozi non può cambiare ciò che vale per tutta l'organizzazione",
    'An API key limited to some stores may not change what applies to the whole organisation',
  ),
  'api-cursor': fixed('Cursore non valido: usa il nextCursor della pagina precedente, con la stessa chiave', 'Invalid cursor: use the previous page’s nextCursor, with the same key'),
  'api-rate-limited': { needs: ['seconds'], it: (d) => `Troppe richieste con questa chiave: riprova tra ${text(d.seconds)} s`, en: (d) => `Too many requests with this key: try again in ${text(d.seconds)} s` },
  'idempotency-mismatch': fixed(
    'Questa Idempotency-Key è già stata usata con un’altra richiesta: usane una nuova',
    'This Idempotency-Key was already used with another request: use a new one',
  ),
  'idempotency-in-progress': fixed(
    'Una richiesta con questa Idempotency-Key è ancora in corso: riprova tra poco',
    'A request with this Idempotency-Key is still running: try again shortly',
  ),
  'adjustment-exists': fixed('Questa rettifica di magazzino è già stata registrata', 'This stock adjustment was already booked'),
  // Issue 19, ERP exports: a column map the file cannot be written with.
  'erp-export-unknown-field': {
    needs: ['column', 'field'],
    it: (d) => `La colonna ${text(d.column)} usa il campo ${text(d.field)}, che questo tipo di esportazione non ha`,
    en: (d) => `Column ${text(d.column)} uses the field ${text(d.field)}, which this kind of export does not have`,
  },
  'erp-export-width-missing': {
    needs: ['column'],
    it: (d) => `La colonna ${text(d.column)} non ha una larghezza: un tracciato a larghezza fissa ne vuole una per colonna`,
    en: (d) => `Column ${text(d.column)} has no width: a fixed-width layout needs one for each column`,
  },
  'erp-export-xml-name': {
    needs: ['column'],
    it: (d) => `${text(d.column)} non è un nome di elemento XML valido: usa lettere, cifre, _ . - e inizia con una lettera`,
    en: (d) => `${text(d.column)} is not a valid XML element name: use letters, digits, _ . - and start with a letter`,
  },
  // Issue 19: a value the file cannot carry faithfully is refused, never written wrong.
  'erp-export-control-character': {
    needs: ['row', 'column'],
    it: (d) => `Riga ${text(d.row)}, colonna ${text(d.column)}: il valore contiene un carattere di controllo che il file non può contenere`,
    en: (d) => `Row ${text(d.row)}, column ${text(d.column)}: the value holds a control character the file cannot carry`,
  },
  'erp-export-value-too-wide': {
    needs: ['row', 'column', 'width'],
    it: (d) => `Riga ${text(d.row)}, colonna ${text(d.column)}: l'importo non sta in ${text(d.width)} caratteri; allarga la colonna`,
    en: (d) => `Row ${text(d.row)}, column ${text(d.column)}: the amount does not fit in ${text(d.width)} characters; widen the column`,
  },
  'erp-export-range-too-long': {
    needs: ['days'],
    it: (d) => `Si possono esportare al massimo ${text(d.days)} giorni alla volta`,
    en: (d) => `At most ${text(d.days)} days can be exported at once`,
  },
} satisfies Record<string, ReasonRow<string>>;

/** A refused scan: "Codice a barre non valido: 123 (why)", from the scan reasons' own table. */
function scanRow(reason: InvalidScanReason): ReasonRow {
  const say = (locale: ErrorLocale) => (d: ReasonDetails) =>
    invalidScanText({ ...d, reason }, locale) ?? invalidScanReasons[reason][locale](d);
  return { needs: ['code', 'given', 'expected', 'length', 'character', 'position'], it: say('it'), en: say('en') };
}

/** A catalogue refusal (a barcode another product holds…), from the import reasons' table. */
function importRow(reason: ImportReason): ReasonRow {
  const placeholders = [...`${importReasonTexts[reason].it} ${importReasonTexts[reason].en}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
  const say = (locale: ErrorLocale) => (d: ReasonDetails) => {
    const plain = Object.fromEntries(Object.entries(d).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
    return describeImportReason(reason, plain, locale);
  };
  return { needs: [...new Set(placeholders)], it: say('it'), en: say('en') };
}

const scanReasons = Object.keys(invalidScanReasons) as InvalidScanReason[];
const importReasonCodes = Object.keys(importReasonTexts) as ImportReason[];

export type ErrorReason = keyof typeof ownReasons | InvalidScanReason | ImportReason;

/** The `{name}` placeholders of an import reason's text. */
type Placeholders<S extends string> = S extends `${string}{${infer Key}}${infer Rest}` ? Key | Placeholders<Rest> : never;

/**
 * The details keys the sentence for `R` reads: a refused scan names its code, a catalogue reason
 * the placeholders of its text, our own reasons what their row `needs`.
 */
export type ReasonNeeds<R extends ErrorReason> = R extends keyof typeof ownReasons
  ? (typeof ownReasons)[R]['needs'][number]
  : R extends InvalidScanReason
    ? 'code'
    : R extends ImportReason
      ? Placeholders<(typeof importReasonTexts)[R]['it'] | (typeof importReasonTexts)[R]['en']>
      : never;

/** Every declared reason with the details it needs and its sentence in each language. */
export const errorReasons: Readonly<Record<ErrorReason, ReasonRow>> = {
  ...(Object.fromEntries(importReasonCodes.map((r) => [r, importRow(r)])) as Record<ImportReason, ReasonRow>),
  ...(Object.fromEntries(scanReasons.map((r) => [r, scanRow(r)])) as Record<InvalidScanReason, ReasonRow>),
  ...ownReasons,
};

export function isErrorReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && Object.hasOwn(errorReasons, value);
}

/** The sentence for a declared reason, or undefined for one this build does not know (a newer peer's). */
export function reasonSentence(reason: unknown, details: ReasonDetails, locale: ErrorLocale): string | undefined {
  return isErrorReason(reason) ? errorReasons[reason][locale](details) : undefined;
}
