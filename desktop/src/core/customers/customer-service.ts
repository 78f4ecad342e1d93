/**
 * @module
 * Customers made and found at the till, offline too: for an invoice request, store credit and
 * purchase history. New customers leave through the outbox like any till-made record.
 */
import type { CustomerRecord, CustomerView } from '@cassa/shared';
import { CassaError, formatDocumentNumber } from '@cassa/shared';
import type { Actor, TillContext } from '../till-context';
import type { Ledger } from './ledger';
import { newVoucherCode, normaliseVoucherCode } from './ledger';

interface CustomerRow {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  tax_code: string | null;
  vat_number: string | null;
}

export class CustomerService {
  constructor(
    private readonly ctx: TillContext,
    private readonly ledger: Ledger,
  ) {}

  private view(row: CustomerRow): CustomerView {
    return {
      id: row.id,
      name: row.name,
      phone: row.phone,
      email: row.email,
      taxCode: row.tax_code,
      vatNumber: row.vat_number,
      storeCreditCents: this.ledger.balance('store-credit', row.id),
      // Issue 17: chain ledgers
      pointsBalance: this.ledger.balance('points', row.id),
    };
  }

  get(id: string): CustomerView {
    const row = this.ctx.store.db.prepare('SELECT * FROM customers WHERE id = ?').get(id) as CustomerRow | undefined;
    if (!row) throw new CassaError('NOT_FOUND', `No customer ${id}`);
    return this.view(row);
  }

  create(actor: Actor, input: { name: string; phone?: string | undefined; email?: string | undefined; taxCode?: string | undefined; vatNumber?: string | undefined }): CustomerView {
    return this.ctx.store.write(() => {
      const record: CustomerRecord = {
        id: this.ctx.newId(),
        name: input.name,
        phone: input.phone ?? null,
        email: input.email ?? null,
        taxCode: input.taxCode ?? null,
        vatNumber: input.vatNumber ?? null,
        createdAt: this.ctx.clock.now().toISOString(),
      };
      this.ctx.store.db
        .prepare('INSERT INTO customers (id, name, phone, email, tax_code, vat_number, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(record.id, record.name, record.phone, record.email, record.taxCode, record.vatNumber, record.createdAt);
      this.ctx.outbox.enqueue({ type: 'customer', record });
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'customer.created', details: { customerId: record.id } });
      return this.get(record.id);
    });
  }

  search(query: string): CustomerView[] {
    const text = query.trim();
    const like = `%${text.replace(/[%_]/g, '')}%`;
    const rows = this.ctx.store.db
      .prepare(
        `SELECT * FROM customers WHERE name LIKE ? COLLATE NOCASE OR phone LIKE ? OR email LIKE ? COLLATE NOCASE OR tax_code = upper(?) OR vat_number = ?
         ORDER BY name COLLATE NOCASE LIMIT 20`,
      )
      .all(like, like, like, text, text) as CustomerRow[];
    return rows.map((row) => this.view(row));
  }

  history(customerId: string) {
    const customer = this.get(customerId);
    const sales = this.ctx.store.db
      .prepare('SELECT id, kind, z_number, document_number, completed_at, total_cents FROM sales WHERE customer_id = ? ORDER BY completed_at DESC LIMIT 200')
      .all(customerId) as { id: string; kind: string; z_number: number; document_number: number; completed_at: string; total_cents: number }[];
    return {
      customer,
      sales: sales.map((s) => ({
        saleId: s.id,
        receiptNumber: formatDocumentNumber(s.z_number, s.document_number),
        kind: s.kind,
        completedAt: s.completed_at,
        totalCents: s.total_cents,
      })),
    };
  }

  issueVoucher(actor: Actor, amountCents: number, reason: string): { code: string; balanceCents: number } {
    return this.ctx.store.write(() => {
      const code = newVoucherCode();
      // Issue 17: the entry leaves through the outbox, so the voucher is spendable at every till of the chain.
      this.ledger.post({ kind: 'voucher', account: code, amount: amountCents, reason: 'issue', authorisation: 'credit', userId: actor.userId });
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'voucher.issued', details: { code, amountCents, reason } });
      return { code, balanceCents: amountCents };
    });
  }

  voucherBalance(code: string): { code: string; balanceCents: number } {
    const normalised = normaliseVoucherCode(code);
    if (!this.ledger.exists('voucher', normalised)) throw new CassaError('NOT_FOUND', `No voucher ${normalised} on this register`);
    return { code: normalised, balanceCents: this.ledger.balance('voucher', normalised) };
  }
}
