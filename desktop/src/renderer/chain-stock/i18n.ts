/**
 * @module
 * Stock across stores, incoming transfers and the idle lock (issue 17): their strings in their own
 * i18next namespace (`chainStock`), Italian first, added once i18next has its resource store (as
 * the back office's are).
 */
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';

export const namespace = 'chainStock';

const it = {
  elsewhere: {
    button: 'Altri negozi',
    title: 'Giacenza di {{name}} nei negozi',
    here: 'Qui',
    store: 'Negozio',
    onHand: 'Giacenza',
    available: 'Disponibile',
    reserved: 'di cui {{qty}} riservati per ordini online',
    live: 'aggiornata ora dalla sede',
    asOf: 'dato della sede di {{age}} (offline)',
    never: 'Sede non raggiungibile: si vede solo la giacenza di questo negozio.',
    loading: 'Chiedo alla sede…',
    close: 'Chiudi',
  },
  transfers: {
    open: 'Trasferimenti in arrivo',
    title: 'Trasferimenti in arrivo',
    back: 'Torna alla cassa',
    none: 'Nessun trasferimento in arrivo.',
    from: 'Da {{store}}',
    sentAt: 'inviato {{age}}',
    lines: '{{n}} articoli',
    receive: 'Ricevi',
    status: { 'in-transit': 'in viaggio', received: 'ricevuto', cancelled: 'annullato' },
    receivedHere: 'ricevuto qui {{age}}',
    scan: 'Scansiona gli articoli arrivati',
    scanHelp: 'Ogni scansione aggiunge un pezzo. Correggi una riga se serve, poi conferma.',
    item: 'Articolo',
    expected: 'Inviati',
    counted: 'Contati',
    difference: 'Differenza',
    confirm: 'Conferma ricevimento',
    cancel: 'Annulla',
    done: 'Trasferimento ricevuto: giacenza aggiornata.',
    added: '+1 {{name}}',
  },
  idleLock: {
    title: 'Blocco per inattività',
    minutes: 'Minuti senza attività prima che la cassa si blocchi (0 = mai)',
    saved: 'Blocco per inattività salvato',
    invalid: 'Da 0 a 120 minuti',
    fromHeadOffice: 'Lo decide la sede per tutte le casse.',
    handOver: 'Lascia lo scontrino a un collega',
  },
};

type Messages = typeof it;

const en: Messages = {
  elsewhere: {
    button: 'Other stores',
    title: 'Stock of {{name}} across stores',
    here: 'Here',
    store: 'Store',
    onHand: 'On hand',
    available: 'Available',
    reserved: '{{qty}} reserved for online orders',
    live: 'just now from head office',
    asOf: "head office's figure from {{age}} (offline)",
    never: 'Head office cannot be reached: only this store\'s stock is shown.',
    loading: 'Asking head office…',
    close: 'Close',
  },
  transfers: {
    open: 'Incoming transfers',
    title: 'Incoming transfers',
    back: 'Back to the till',
    none: 'No transfers on their way.',
    from: 'From {{store}}',
    sentAt: 'sent {{age}}',
    lines: '{{n}} items',
    receive: 'Receive',
    status: { 'in-transit': 'in transit', received: 'received', cancelled: 'cancelled' },
    receivedHere: 'received here {{age}}',
    scan: 'Scan the items that arrived',
    scanHelp: 'Each scan adds one piece. Correct a line if needed, then confirm.',
    item: 'Item',
    expected: 'Sent',
    counted: 'Counted',
    difference: 'Difference',
    confirm: 'Confirm receipt',
    cancel: 'Cancel',
    done: 'Transfer received: stock updated.',
    added: '+1 {{name}}',
  },
  idleLock: {
    title: 'Idle lock',
    minutes: 'Minutes without input before the till locks itself (0 = never)',
    saved: 'Idle lock saved',
    invalid: 'From 0 to 120 minutes',
    fromHeadOffice: 'Head office sets it for every till.',
    handOver: 'Leave the ticket to a colleague',
  },
};

export function ensureChainStockMessages(): void {
  if (!i18next.isInitialized) return;
  if (!i18next.hasResourceBundle('it', namespace)) i18next.addResourceBundle('it', namespace, it, true, false);
  if (!i18next.hasResourceBundle('en', namespace)) i18next.addResourceBundle('en', namespace, en, true, false);
}

if (i18next.isInitialized) ensureChainStockMessages();
else i18next.on('initialized', ensureChainStockMessages);

/** The namespace's `t`, making sure its bundles are there. */
export function useChainStockText() {
  ensureChainStockMessages();
  return useTranslation(namespace);
}

/** "3 ore fa" / "3 hours ago" from an ISO time. */
export function ageOf(iso: string, lang: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3_600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3_600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

/** Thousandths as pieces or kilograms, in the reader's language. */
export function quantityText(milli: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 3 }).format(milli / 1000);
}
