/**
 * @module
 * ISSUE-19-SCAFFOLD: the `erpExports` block of the head-office app's texts (owned by helper C (ERP exports)),
 * Italian and English, mounted by i18n.ts.
 */
export const erpExportsIt = {
  title: 'Esportazioni per il gestionale',
};

export const erpExportsEn: typeof erpExportsIt = {
  title: 'Exports for the ERP',
};
