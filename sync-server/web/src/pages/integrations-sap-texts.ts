/**
 * @module
 * ISSUE-19-SCAFFOLD: the `sap` block of the head-office app's texts (owned by helper E (SAP Business One)),
 * Italian and English, mounted by i18n.ts.
 */
export const sapIt = {
  title: 'SAP Business One',
};

export const sapEn: typeof sapIt = {
  title: 'SAP Business One',
};
