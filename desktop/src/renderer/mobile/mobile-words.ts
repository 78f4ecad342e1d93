/**
 * @module
 * The mobile shell's own words (first run, start-up, updates, storage), in Italian and English.
 * Kept beside the shell: the till's screens keep theirs in `i18n/messages.ts`.
 */
import type { Locale } from '../i18n/i18n';

const it = {
  starting: 'Avvio della cassa…',
  failedTitle: 'La cassa non può partire',
  detail: 'Dettaglio',
  firstRunTitle: 'Abbina questa cassa alla sede',
  firstRunHelp:
    'Nella sede, crea il codice di abbinamento per questo negozio: compare un QR. Inquadralo con la fotocamera, oppure incolla qui sotto il testo del QR (inizia con cassa://pair). Utenti, prodotti e prezzi arrivano poi dalla sede.',
  qrText: 'Testo del QR',
  pair: 'Abbina',
  pairing: 'Abbinamento in corso…',
  waitingUsers: 'Abbinata. Scarico utenti e catalogo dalla sede…',
  pairFailed: 'Abbinamento non riuscito',
  updateReady: 'È pronta una nuova versione della cassa.',
  updateNow: 'Aggiorna ora',
  updateAfterTicket: 'Si aggiornerà quando chiudi lo scontrino aperto.',
  storagePersisted: 'Dati di questa cassa: protetti (il browser non li cancella per fare spazio).',
  storageNotPersisted: 'Dati di questa cassa: non protetti, il browser potrebbe cancellarli se manca spazio. Installa l’app sulla schermata Home e riapri.',
  storageUnknown: 'Dati di questa cassa: il browser non dice se sono protetti.',
};

const en: typeof it = {
  starting: 'Starting the till…',
  failedTitle: 'The till cannot start',
  detail: 'Detail',
  firstRunTitle: 'Pair this till with head office',
  firstRunHelp:
    "In head office, create the pairing code for this shop: a QR appears. Scan it with the camera, or paste the QR's text below (it starts with cassa://pair). Users, products and prices then come down from head office.",
  qrText: "QR's text",
  pair: 'Pair',
  pairing: 'Pairing…',
  waitingUsers: 'Paired. Downloading users and catalogue from head office…',
  pairFailed: 'Pairing failed',
  updateReady: 'A new version of the till is ready.',
  updateNow: 'Update now',
  updateAfterTicket: 'It will update once you close the open ticket.',
  storagePersisted: "This till's data: protected (the browser will not delete it to make room).",
  storageNotPersisted: "This till's data: not protected, the browser may delete it when space runs out. Install the app on the home screen and reopen it.",
  storageUnknown: "This till's data: the browser does not say whether it is protected.",
};

export type MobileWords = typeof it;

export function mobileWords(locale: Locale): MobileWords {
  return locale === 'en' ? en : it;
}
