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
  receipt: {
    open: 'Scontrino sul telefono',
    title: 'Scontrino {{number}}',
    picture: 'Scontrino {{number}} come verrebbe stampato',
    loading: 'Preparo lo scontrino…',
    shareImage: 'Condividi immagine',
    sharePdf: 'Condividi PDF',
    printUsb: 'Stampa su stampante USB',
    shared: 'Scontrino condiviso.',
    downloaded: 'Scontrino scaricato: lo trovi nei download.',
    printed: 'Scontrino inviato alla stampante USB.',
    failed: 'Non è stato possibile: {{reason}}',
    noUsbPrinter: 'Il dispositivo USB scelto non è una stampante.',
    close: 'Chiudi',
  },
  reach: {
    title: 'Stampare da questo dispositivo',
    network: 'Stampante di rete (ESC/POS, porta 9100): non raggiungibile da una pagina web, il browser non apre connessioni TCP dirette.',
    usbYes: 'Stampante USB (WebUSB): sì, questo browser la può usare.',
    usbNo: 'Stampante USB (WebUSB): no, questo browser non la offre (iOS e Firefox non l\'hanno; Chrome su Android e computer sì, su https).',
    serialYes: 'Stampante seriale (WebSerial): sì, su questo browser.',
    serialNo: 'Stampante seriale (WebSerial): no, solo Chrome ed Edge su computer.',
    fiscal: 'Registratore telematico via HTTP: solo sulla stessa rete e se accetta questa pagina (CORS); da una pagina https non si raggiunge un indirizzo http.',
    insecure: 'Questa pagina non è sicura (http): il browser nega USB e seriale; apri la cassa in https.',
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
  receipt: {
    open: 'Receipt on the phone',
    title: 'Receipt {{number}}',
    picture: 'Receipt {{number}} as it would print',
    loading: 'Preparing the receipt…',
    shareImage: 'Share image',
    sharePdf: 'Share PDF',
    printUsb: 'Print on a USB printer',
    shared: 'Receipt shared.',
    downloaded: 'Receipt downloaded: it is in your downloads.',
    printed: 'Receipt sent to the USB printer.',
    failed: 'That did not work: {{reason}}',
    noUsbPrinter: 'The USB device chosen is not a printer.',
    close: 'Close',
  },
  reach: {
    title: 'Printing from this device',
    network: 'Network printer (ESC/POS, port 9100): out of reach of a web page, the browser opens no direct TCP connections.',
    usbYes: 'USB printer (WebUSB): yes, this browser can use one.',
    usbNo: 'USB printer (WebUSB): no, this browser does not offer it (iOS and Firefox lack it; Chrome on Android and computers has it, over https).',
    serialYes: 'Serial printer (WebSerial): yes, in this browser.',
    serialNo: 'Serial printer (WebSerial): no, only Chrome and Edge on computers.',
    fiscal: 'Fiscal device over HTTP: only on the same network and if it accepts this page (CORS); an https page cannot reach an http address.',
    insecure: 'This page is not secure (http): the browser refuses USB and serial; open the till over https.',
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
