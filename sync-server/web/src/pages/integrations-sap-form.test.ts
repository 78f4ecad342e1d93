import { describe, expect, it } from 'vitest';
import { readSapForm, sapFormOf } from './integrations-sap-form';

const fields = {
  name: 'SAP sede',
  vatGroups: 'C22 = 22\n\nC04=4\nESE = n4',
  warehouses: 'negozio-1 = MI01',
  paymentAccounts: 'cash = 161000\ncard = 162000',
  customerCode: 'C-BANCO',
  takingsItemCode: 'CORRISP',
  priceList: '1',
  itemsEveryMinutes: '30',
  sendDaysDaily: true,
};

describe('the SAP form', () => {
  it('reads the pairs into settings, and back', () => {
    const read = readSapForm(fields);
    if (!read.ok) throw new Error(read.faultyLines.join());
    expect(read.settings.vatGroups).toEqual([
      { sapVatGroup: 'C22', vatCode: '22' },
      { sapVatGroup: 'C04', vatCode: '4' },
      { sapVatGroup: 'ESE', vatCode: 'N4' },
    ]);
    expect(readSapForm(sapFormOf(read.settings))).toEqual(read);
  });

  it('names the lines it cannot read', () => {
    expect(readSapForm({ ...fields, vatGroups: 'C22 = 23\nC04', paymentAccounts: 'bitcoin = 1' })).toEqual({ ok: false, faultyLines: ['C04', 'C22 = 23', 'bitcoin = 1'] });
    expect(readSapForm({ ...fields, priceList: 'uno' }).ok).toBe(false);
  });
});
