/**
 * @module
 * The mobile till's third transport: the messages between the page (the same UI as on a PC) and
 * the Web Worker that runs the till core over SQLite in the browser. Declared once here and
 * checked on both sides: the worker trusts nothing the page sends beyond these shapes and the
 * dispatcher's own checks, and the page trusts nothing it has not parsed.
 */
import { z } from 'zod';
import type { ErrorLocale } from '../error-reasons';

const callId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Session tokens are opaque but short; a megabyte "token" is not one. */
const token = z.string().min(1).max(200).nullable();

const apiErrorWire = z.object({ code: z.string().max(60), message: z.string().max(2000), details: z.record(z.string(), z.unknown()).optional() });
export const apiResultWire = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: apiErrorWire })]);

/** Page → worker. */
export const pageToWorkerSchema = z.discriminatedUnion('type', [
  /** One procedure of the till contract, answered by a `result` with the same id. */
  z.object({ type: z.literal('call'), id: callId, method: z.string().min(1).max(100), input: z.unknown(), token }).strict(),
  /**
   * The first run of a till with no users: pair with head office by the QR's content. Refused by
   * the worker once the till has a user or is paired: from then on `sync.pair` (an admin's) is the way.
   */
  z.object({ type: z.literal('firstRunPair'), id: callId, serverUrl: z.string().max(300), code: z.string().max(40) }).strict(),
  /** The session whose events the page wants (null: none). The worker checks it like the HTTP host's event stream. */
  z.object({ type: z.literal('subscribe'), token }).strict(),
]);
export type PageToWorker = z.infer<typeof pageToWorkerSchema>;

export const workerStartProblems = ['no-opfs', 'open-elsewhere', 'quota', 'newer-database', 'no-workers', 'unexpected'] as const;
export type WorkerStartProblem = (typeof workerStartProblems)[number];

/** What the page needs to know about the till once it runs. */
export const workerReadySchema = z
  .object({
    type: z.literal('ready'),
    /** No user yet and not paired: the page shows the pairing screen instead of the login. */
    firstRun: z.boolean(),
    paired: z.boolean(),
  })
  .strict();

/** Worker → page. */
export const workerToPageSchema = z.discriminatedUnion('type', [
  workerReadySchema,
  z.object({ type: z.literal('failed'), problem: z.enum(workerStartProblems), detail: z.string().max(2000) }).strict(),
  z.object({ type: z.literal('result'), id: callId, result: apiResultWire }).strict(),
  z.object({ type: z.literal('event'), name: z.string().min(1).max(100), payload: z.unknown() }).strict(),
]);
export type WorkerToPage = z.infer<typeof workerToPageSchema>;
export type WorkerReady = z.infer<typeof workerReadySchema>;

const startProblemTexts: Record<WorkerStartProblem, Record<ErrorLocale, string>> = {
  'no-opfs': {
    it: 'Questo browser non offre uno spazio privato per i dati (OPFS): la cassa non può salvare le vendite. Usa Chrome, Edge o Safari aggiornati, fuori dalla navigazione in incognito.',
    en: 'This browser offers no private storage for data (OPFS): the till cannot keep sales. Use an up-to-date Chrome, Edge or Safari, outside private browsing.',
  },
  'open-elsewhere': {
    it: "La cassa è già aperta in un'altra scheda o finestra di questo browser: usa quella (o chiudila e ricarica questa pagina).",
    en: 'The till is already open in another tab or window of this browser: use that one (or close it and reload this page).',
  },
  quota: {
    it: 'Il browser ha rifiutato lo spazio per i dati della cassa (memoria piena o permesso negato): libera spazio sul dispositivo e ricarica.',
    en: "The browser refused storage for the till's data (storage full or permission denied): free space on the device and reload.",
  },
  'newer-database': {
    it: "I dati di questa cassa sono stati scritti da una versione più recente dell'app: ricarica la pagina con la rete attiva per aggiornarla. Nulla è stato modificato.",
    en: "This till's data was written by a newer version of the app: reload the page while online to update it. Nothing was changed.",
  },
  'no-workers': {
    it: 'Questo browser non può eseguire la cassa (mancano i Web Worker a moduli).',
    en: 'This browser cannot run the till (module Web Workers are missing).',
  },
  unexpected: {
    it: 'La cassa non è partita per un errore inatteso: ricarica la pagina; se si ripete, comunica il dettaglio qui sotto.',
    en: 'The till did not start because of an unexpected error: reload the page; if it happens again, report the detail below.',
  },
};

export function workerStartProblemText(problem: WorkerStartProblem, locale: ErrorLocale): string {
  return startProblemTexts[problem][locale];
}
