/**
 * @module
 * The phone's own strings (camera scanner, receipt without a printer, what a browser can print to)
 * in their own i18next namespace (`phone`), Italian first, added once i18next has its resource
 * store, as the back office's and chain stock's are.
 */
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';

export const namespace = 'phone';

const it = {
  camera: {
    open: 'Fotocamera',
    openLabel: 'Scansiona con la fotocamera',
    title: 'Scansiona con la fotocamera',
    starting: 'Avvio la fotocamera…',
    live: 'Inquadra il codice a barre.',
    liveQr: 'Inquadra il codice QR.',
    read: 'Letto: {{code}}',
    denied: 'La fotocamera non è consentita. Permettila nelle impostazioni del browser per questo sito; intanto puoi digitare il codice o usare un lettore.',
    noCamera: 'Nessuna fotocamera trovata su questo dispositivo: digita il codice o usa un lettore.',
    insecure: 'Il browser concede la fotocamera solo su una pagina sicura (https o questo dispositivo): digita il codice o usa un lettore.',
    busy: 'La fotocamera è usata da un\'altra app o scheda: chiudila e riprova.',
    failed: 'La fotocamera non si è avviata: digita il codice o usa un lettore.',
    decoderFailed: 'Il lettore di codici non si è caricato: digita il codice o usa un lettore.',
    close: 'Chiudi',
  },
};

type Messages = typeof it;

const en: Messages = {
  camera: {
    open: 'Camera',
    openLabel: 'Scan with the camera',
    title: 'Scan with the camera',
    starting: 'Starting the camera…',
    live: 'Point the camera at the barcode.',
    liveQr: 'Point the camera at the QR code.',
    read: 'Read: {{code}}',
    denied: 'The camera is not allowed. Allow it for this site in the browser\'s settings; meanwhile type the code or use a scanner.',
    noCamera: 'No camera found on this device: type the code or use a scanner.',
    insecure: 'The browser only grants the camera to a secure page (https or this device): type the code or use a scanner.',
    busy: 'Another app or tab is using the camera: close it and try again.',
    failed: 'The camera did not start: type the code or use a scanner.',
    decoderFailed: 'The barcode reader did not load: type the code or use a scanner.',
    close: 'Close',
  },
};

export function ensurePhoneMessages(): void {
  if (!i18next.isInitialized) return;
  if (!i18next.hasResourceBundle('it', namespace)) i18next.addResourceBundle('it', namespace, it, true, false);
  if (!i18next.hasResourceBundle('en', namespace)) i18next.addResourceBundle('en', namespace, en, true, false);
}

if (i18next.isInitialized) ensurePhoneMessages();
else i18next.on('initialized', ensurePhoneMessages);

/** The namespace's `t`, making sure its bundles are there. */
export function usePhoneText() {
  ensurePhoneMessages();
  return useTranslation(namespace);
}
