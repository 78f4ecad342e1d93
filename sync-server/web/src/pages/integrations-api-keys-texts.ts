/**
 * @module
 * The `apiKeys` block of the head-office app's texts (issue 19, the public API's keys), Italian
 * and English, mounted by i18n.ts.
 */
export const apiKeysIt = {
  title: 'Chiavi API',
  intro: "Un gestionale o un'app esterna legge e scrive i dati della catena su /api/v1 con una chiave. La chiave si vede una volta sola: copiala subito.",
  ownersOnly: 'Solo il titolare crea e revoca le chiavi API.',
  empty: 'Nessuna chiave API.',
  columns: { name: 'Nome', scopes: 'Permessi', stores: 'Negozi', created: 'Creata', lastUsed: 'Ultimo uso', state: 'Stato' },
  scopes: { read: 'Lettura', 'catalogue-write': 'Scrittura catalogo', 'stock-write': 'Scrittura magazzino' },
  everyStore: 'Tutti',
  never: 'Mai',
  active: 'Attiva',
  revokedAt: 'Revocata il {{when}}',
  revoke: 'Revoca {{name}}',
  confirmRevoke: 'Revocare la chiave "{{name}}"? Ogni richiesta con questa chiave sarà rifiutata da subito.',
  create: 'Nuova chiave',
  name: 'Nome (a chi la dai)',
  limitStores: 'Solo alcuni negozi',
  submit: 'Crea la chiave',
  secretTitle: 'La chiave "{{name}}"',
  secretHint: 'Copiala ora e conservala al sicuro: non sarà più mostrata.',
  done: "L'ho copiata",
  pickScope: 'Scegli almeno un permesso',
  pickStore: 'Scegli almeno un negozio',
  docs: 'Documentazione: /v1/openapi.json (sezione public-api).',
};

export const apiKeysEn: typeof apiKeysIt = {
  title: 'API keys',
  intro: "A management system or outside app reads and writes the chain's data at /api/v1 with a key. A key is shown once only: copy it at once.",
  ownersOnly: 'Only the owner creates and revokes API keys.',
  empty: 'No API keys.',
  columns: { name: 'Name', scopes: 'Permissions', stores: 'Stores', created: 'Created', lastUsed: 'Last used', state: 'State' },
  scopes: { read: 'Read', 'catalogue-write': 'Write catalogue', 'stock-write': 'Write stock' },
  everyStore: 'All',
  never: 'Never',
  active: 'Active',
  revokedAt: 'Revoked on {{when}}',
  revoke: 'Revoke {{name}}',
  confirmRevoke: 'Revoke the key "{{name}}"? Every request with it will be refused from now on.',
  create: 'New key',
  name: 'Name (who gets it)',
  limitStores: 'Only some stores',
  submit: 'Create the key',
  secretTitle: 'The key "{{name}}"',
  secretHint: 'Copy it now and keep it safe: it will not be shown again.',
  done: 'I copied it',
  pickScope: 'Pick at least one permission',
  pickStore: 'Pick at least one store',
  docs: 'Documentation: /v1/openapi.json (the public-api section).',
};
