/**
 * @module
 * ISSUE-19-SCAFFOLD: the `apiKeys` block of the head-office app's texts (owned by helper A (API keys)),
 * Italian and English, mounted by i18n.ts.
 */
export const apiKeysIt = {
  title: 'Chiavi API',
};

export const apiKeysEn: typeof apiKeysIt = {
  title: 'API keys',
};
