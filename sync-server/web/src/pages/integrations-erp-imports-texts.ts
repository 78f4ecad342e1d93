/**
 * @module
 * ISSUE-19-SCAFFOLD: the `erpImports` block of the head-office app's texts (owned by helper D (ERP imports)),
 * Italian and English, mounted by i18n.ts.
 */
export const erpImportsIt = {
  title: 'Importazioni dal gestionale',
};

export const erpImportsEn: typeof erpImportsIt = {
  title: 'Imports from the ERP',
};
