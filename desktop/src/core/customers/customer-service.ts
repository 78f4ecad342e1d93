/**
 * @module
 * Customers made and found at the till, offline too: for an invoice request, store credit and
 * purchase history. New customers leave through the outbox like any till-made record.
 */
import type { CustomerRecord, CustomerView, HttpOutputOf, SyncContract } from '@cassa/shared';
import { CassaError, formatDocumentNumber, phoneKey } from '@cassa/shared';
import { defaultTimers } from '../sync/sync-client-error';
import { createSyncTransport } from '../sync/sync-transport';
import type { SyncPairing } from '../sync-outbox/sync-pairing';
import type { Actor, TillContext } from '../till-context';
import { survivorOf } from './chain-customers';
import type { Ledger } from './ledger';
import { newVoucherCode, normaliseVoucherCode } from './ledger';

/** How long the till waits for head office's history before showing its own sales (issue 17). */
export const CHAIN_HISTORY_TIMEOUT_MS = 1_500;

/** Head office, when the register is paired: for a customer's purchases across the chain. */
export interface ChainLink {
  readonly pairing: Pick<SyncPairing, 'current'>;
  readonly fetch: typeof fetch;
}

type CustomerInput = { name: string; phone?: string | undefined; email?: string | undefined; taxCode?: string | undefined; vatNumber?: string | undefined };

interface CustomerRow {
  id: string;
  created_at: string;
  merged_into: string | null;
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
    private readonly chain: ChainLink | null = null,
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

  create(actor: Actor, input: CustomerInput): CustomerView {
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
        .prepare('INSERT INTO customers (id, name, phone, email, tax_code, vat_number, created_at, updated_at, phone_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(record.id, record.name, record.phone, record.email, record.taxCode, record.vatNumber, record.createdAt, record.createdAt, phoneKey(record.phone));
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
        `SELECT * FROM customers WHERE merged_into IS NULL
           AND (name LIKE ? COLLATE NOCASE OR phone LIKE ? OR phone_key = ? OR email LIKE ? COLLATE NOCASE OR tax_code = upper(?) OR vat_number = ?)
         ORDER BY name COLLATE NOCASE LIMIT 20`,
      )
      .all(like, like, phoneKey(text) ?? '', like, text, text) as CustomerRow[];
    return rows.map((row) => this.view(row));
  }

  /** The customer an id stands for now: its survivor when head office merged it. */
  current(customerId: string): CustomerView {
    return this.get(survivorOf(this.ctx.store.db, customerId));
  }

  /**
   * Issue 17: the customer's details changed here, sent to head office as the whole record again
   * under the same id with a new `updatedAt` (the latest edit wins everywhere). A merged customer
   * is refused: its survivor is the one to edit.
   */
  update(actor: Actor, input: CustomerInput & { id: string }): CustomerView {
    return this.ctx.store.write(() => {
      const held = this.ctx.store.db.prepare('SELECT * FROM customers WHERE id = ?').get(input.id) as CustomerRow | undefined;
      if (!held) throw new CassaError('NOT_FOUND', `No customer ${input.id}`);
      if (held.merged_into !== null) {
        throw new CassaError('CONFLICT', `Customer ${input.id} was merged into ${held.merged_into}`, { reason: 'customer-merged', customerId: input.id, mergedInto: held.merged_into });
      }
      const record: CustomerRecord = {
        id: held.id,
        name: input.name,
        phone: input.phone ?? null,
        email: input.email ?? null,
        taxCode: input.taxCode ?? null,
        vatNumber: input.vatNumber ?? null,
        createdAt: held.created_at,
        updatedAt: this.ctx.clock.now().toISOString(),
      };
      this.ctx.store.db
        .prepare('UPDATE customers SET name = ?, phone = ?, email = ?, tax_code = ?, vat_number = ?, updated_at = ?, phone_key = ? WHERE id = ?')
        .run(record.name, record.phone, record.email, record.taxCode, record.vatNumber, record.updatedAt, phoneKey(record.phone), record.id);
      this.ctx.outbox.enqueue({ type: 'customer', record });
      this.ctx.audit.append({ userId: actor.userId, role: actor.role, action: 'customer.updated', details: { customerId: record.id } });
      return this.get(record.id);
    });
  }

  /**
   * The customer's purchases (following a merge to the survivor): every store's from head office
   * when it answers within {@link CHAIN_HISTORY_TIMEOUT_MS}, else this register's own.
   */
  async history(customerId: string) {
    const customer = this.current(customerId);
    const chain = await this.chainHistory(customer.id);
    if (chain) {
      return {
        customer,
        source: 'chain' as const,
        sales: chain.sales.map((s) => ({
          saleId: s.saleId,
          receiptNumber: s.documentNumber,
          kind: s.kind,
          completedAt: s.completedAt,
          totalCents: s.totalCents,
          storeName: s.storeName,
        })),
      };
    }
    return { customer, source: 'register' as const, sales: this.ownSales(customer.id) };
  }

  private async chainHistory(customerId: string): Promise<HttpOutputOf<SyncContract, 'customers.history'> | null> {
    const paired = this.chain?.pairing.current();
    if (!this.chain || !paired) return null;
    const transport = createSyncTransport({
      serverUrl: paired.serverUrl,
      deviceToken: paired.deviceToken,
      fetch: this.chain.fetch,
      timers: defaultTimers,
      requestTimeoutMs: CHAIN_HISTORY_TIMEOUT_MS,
    });
    try {
      return await transport.call('customers.history', { customerId });
    } catch {
      // Offline, slow or refused: the register's own sales are still worth showing.
      return null;
    }
  }

  /** This register's sales of the customer and of those merged into it. */
  private ownSales(customerId: string) {
    const sales = this.ctx.store.db
      .prepare(
        `SELECT id, kind, z_number, document_number, completed_at, total_cents FROM sales
         WHERE customer_id = ? OR customer_id IN (SELECT id FROM customers WHERE merged_into = ?)
         ORDER BY completed_at DESC LIMIT 200`,
      )
      .all(customerId, customerId) as { id: string; kind: string; z_number: number; document_number: number; completed_at: string; total_cents: number }[];
    return sales.map((s) => ({
      saleId: s.id,
      receiptNumber: formatDocumentNumber(s.z_number, s.document_number),
      kind: s.kind,
      completedAt: s.completed_at,
      totalCents: s.total_cents,
      storeName: null,
    }));
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
