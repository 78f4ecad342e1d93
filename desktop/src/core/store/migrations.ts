/**
 * @module
 * Versioned schema migrations, applied in order at start; `PRAGMA user_version` records how many
 * ran. Never edit a released migration: add the next one.
 */

export interface Migration {
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    name: '001-initial',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

      CREATE TABLE categories (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT
      ) STRICT;

      CREATE TABLE products (
        id TEXT PRIMARY KEY,
        sku TEXT NOT NULL,
        name TEXT NOT NULL,
        category_id TEXT,
        vat_code TEXT NOT NULL,
        unit TEXT NOT NULL CHECK (unit IN ('piece', 'kg', 'm')),
        price_cents INTEGER NOT NULL,
        axes TEXT NOT NULL DEFAULT '[]',
        active INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE variants (
        id TEXT PRIMARY KEY,
        product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
        sku TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}',
        price_cents INTEGER,
        active INTEGER NOT NULL DEFAULT 1,
        position INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX variants_product ON variants(product_id, position);
      CREATE INDEX variants_sku ON variants(sku);

      CREATE TABLE barcodes (
        code TEXT PRIMARY KEY,
        variant_id TEXT NOT NULL REFERENCES variants(id) ON DELETE CASCADE
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX barcodes_variant ON barcodes(variant_id);

      -- Type-ahead over name, SKUs and barcodes, keyed by products.rowid; diacritics folded so
      -- "caffe" finds "caffè".
      CREATE VIRTUAL TABLE product_search USING fts5(
        name, codes, content='', contentless_delete=1,
        tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
      );

      CREATE TABLE store_prices (
        variant_id TEXT PRIMARY KEY REFERENCES variants(id) ON DELETE CASCADE,
        price_cents INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'admin')),
        pin_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE login_failures (
        user_id TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until TEXT
      ) STRICT;

      CREATE TABLE shifts (
        id TEXT PRIMARY KEY,
        z_number INTEGER NOT NULL UNIQUE,
        opened_at TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        float_cents INTEGER NOT NULL,
        closed_at TEXT,
        closed_by TEXT,
        counted_cents INTEGER,
        expected_cents INTEGER,
        denominations TEXT
      ) STRICT;
      -- At most one open shift per register.
      CREATE UNIQUE INDEX shifts_one_open ON shifts((closed_at IS NULL)) WHERE closed_at IS NULL;
      CREATE TRIGGER shifts_immutable_after_close BEFORE UPDATE ON shifts WHEN OLD.closed_at IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'a closed shift is immutable'); END;
      CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
        BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END;

      CREATE TABLE cash_movements (
        id TEXT PRIMARY KEY,
        shift_id TEXT NOT NULL REFERENCES shifts(id),
        kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        reason TEXT NOT NULL,
        user_id TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;

      -- Tickets being built (open or parked). Completed ones become sales and are deleted here.
      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('open', 'parked')),
        kind TEXT NOT NULL CHECK (kind IN ('sale', 'return')),
        original_sale_id TEXT,
        cashier_id TEXT NOT NULL,
        customer_id TEXT,
        ticket_discount TEXT,
        created_at TEXT NOT NULL,
        parked_at TEXT
      ) STRICT;
      CREATE UNIQUE INDEX tickets_one_open_per_cashier ON tickets(cashier_id) WHERE status = 'open';

      CREATE TABLE ticket_lines (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        variant_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        description TEXT NOT NULL,
        sku TEXT NOT NULL,
        unit TEXT NOT NULL,
        vat_code TEXT NOT NULL,
        quantity_milli INTEGER NOT NULL,
        unit_price_cents INTEGER NOT NULL,
        price_overridden INTEGER NOT NULL DEFAULT 0,
        discount TEXT,
        original_line_id TEXT
      ) STRICT;
      CREATE INDEX ticket_lines_ticket ON ticket_lines(ticket_id, position);

      CREATE TABLE ticket_payments (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        method TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        reference TEXT
      ) STRICT;

      -- Completed documents: immutable. record is the canonical JSON sent to head office.
      CREATE TABLE sales (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        shift_id TEXT NOT NULL REFERENCES shifts(id),
        z_number INTEGER NOT NULL,
        document_number INTEGER NOT NULL,
        original_sale_id TEXT,
        cashier_id TEXT NOT NULL,
        customer_id TEXT,
        completed_at TEXT NOT NULL,
        total_cents INTEGER NOT NULL,
        change_cents INTEGER NOT NULL,
        record TEXT NOT NULL,
        UNIQUE (z_number, document_number)
      ) STRICT;
      CREATE INDEX sales_completed ON sales(completed_at);
      CREATE INDEX sales_shift ON sales(shift_id);
      CREATE TRIGGER sales_immutable BEFORE UPDATE ON sales
        BEGIN SELECT RAISE(ABORT, 'a completed sale is immutable: record a return instead'); END;
      CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales
        BEGIN SELECT RAISE(ABORT, 'a completed sale is never deleted'); END;

      CREATE TABLE sale_lines (
        sale_id TEXT NOT NULL REFERENCES sales(id),
        line_id TEXT NOT NULL,
        variant_id TEXT NOT NULL,
        product_id TEXT NOT NULL,
        quantity_milli INTEGER NOT NULL,
        total_cents INTEGER NOT NULL,
        discount_cents INTEGER NOT NULL,
        vat_code TEXT NOT NULL,
        original_line_id TEXT,
        PRIMARY KEY (sale_id, line_id)
      ) STRICT;
      CREATE INDEX sale_lines_original ON sale_lines(original_line_id) WHERE original_line_id IS NOT NULL;

      CREATE TABLE sale_payments (
        sale_id TEXT NOT NULL REFERENCES sales(id),
        position INTEGER NOT NULL,
        method TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        PRIMARY KEY (sale_id, position)
      ) STRICT;

      CREATE TABLE stock_movements (
        id TEXT PRIMARY KEY,
        variant_id TEXT NOT NULL,
        delta_milli INTEGER NOT NULL,
        reason TEXT NOT NULL,
        reference_id TEXT,
        user_id TEXT,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX stock_movements_variant ON stock_movements(variant_id);
      -- Derived from stock_movements in the same transaction; kept for O(1) reads.
      CREATE TABLE stock_levels (
        variant_id TEXT PRIMARY KEY, on_hand_milli INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        phone TEXT, email TEXT, tax_code TEXT, vat_number TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE INDEX customers_name ON customers(name COLLATE NOCASE);
      CREATE INDEX customers_phone ON customers(phone);

      -- Store credit (account = customer id) and vouchers (account = voucher code): balances are
      -- sums of entries, never a number edited in place.
      CREATE TABLE ledger_entries (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('store-credit', 'voucher')),
        account TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        sale_id TEXT,
        user_id TEXT,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ledger_account ON ledger_entries(kind, account);

      -- Gapless per device; written in the same transaction as the record it carries.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY,
        op_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        acknowledged_at TEXT
      ) STRICT;

      CREATE TABLE sync_cursors (stream TEXT PRIMARY KEY, cursor TEXT NOT NULL) STRICT;

      CREATE TABLE audit_log (
        sequence INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        user_id TEXT,
        role TEXT,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

      CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        sale_id TEXT,
        copy INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('queued', 'printing', 'printed', 'failed', 'uncertain')),
        payload BLOB NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX print_jobs_status ON print_jobs(status, created_at);
    `,
  },
  {
    // Tablets allowed to use the till over the LAN: each enrolled once with a one-time code shown
    // at the counter; only a hash of the device's credential is kept, and a manager can revoke it.
    name: '002-lan-devices',
    sql: `
      CREATE TABLE lan_devices (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        enrolled_at TEXT NOT NULL,
        enrolled_by TEXT,
        last_seen_at TEXT NOT NULL,
        revoked_at TEXT
      ) STRICT;
    `,
  },
  {
    // One barcode, one product, whatever form its label prints (UPC-E, UPC-A, EAN-13, GTIN-14):
    // each code gets its normalised key (`barcodeKey` in shared, registered as an SQL function by
    // database.ts) and the key is unique. An upgraded database may already hold two forms of one
    // GTIN: the migration keeps one row per key (an active variant's, then the smallest code),
    // moves the others to barcode_clashes for the manager to review, and never fails on them.
    name: '003-barcode-keys',
    sql: `
      ALTER TABLE barcodes ADD COLUMN gtin_key TEXT;
      UPDATE barcodes SET gtin_key = cassa_barcode_key(code);

      CREATE TABLE barcode_clashes (
        code TEXT PRIMARY KEY,
        gtin_key TEXT NOT NULL,
        variant_id TEXT NOT NULL,
        kept_code TEXT NOT NULL,
        kept_variant_id TEXT NOT NULL,
        found_at TEXT NOT NULL,
        -- Set once the clash is in the audit log (written at the next start, with the clock).
        audited INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TEMP TABLE barcode_keepers AS
        SELECT b.gtin_key AS gtin_key,
               (SELECT b2.code FROM barcodes b2 LEFT JOIN variants v ON v.id = b2.variant_id
                WHERE b2.gtin_key = b.gtin_key ORDER BY coalesce(v.active, 0) DESC, b2.code LIMIT 1) AS code
        FROM barcodes b GROUP BY b.gtin_key HAVING count(*) > 1;
      INSERT INTO barcode_clashes (code, gtin_key, variant_id, kept_code, kept_variant_id, found_at)
        SELECT b.code, b.gtin_key, b.variant_id, k.code, kept.variant_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        FROM barcode_keepers k JOIN barcodes b ON b.gtin_key = k.gtin_key AND b.code <> k.code
        JOIN barcodes kept ON kept.code = k.code
        WHERE b.variant_id <> kept.variant_id;
      DELETE FROM barcodes WHERE code IN (
        SELECT b.code FROM barcode_keepers k JOIN barcodes b ON b.gtin_key = k.gtin_key AND b.code <> k.code
      );
      DROP TABLE barcode_keepers;

      CREATE UNIQUE INDEX barcodes_gtin_key ON barcodes(gtin_key);
    `,
  },
  {
    // What the server acknowledged is always a prefix of the outbox: one mark per acknowledgement
    // (up to which seq, when) replaces a timestamp on every row. Reading, counting and
    // acknowledging the backlog walked or rewrote every op kept for restores (a 130,000-op
    // catch-up spent most of its time there); now each is a key lookup.
    name: '004-outbox-acknowledged-prefix',
    sql: `
      CREATE TABLE outbox_acks (
        up_to_seq INTEGER PRIMARY KEY,
        acknowledged_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO outbox_acks (up_to_seq, acknowledged_at)
        SELECT max(seq), acknowledged_at FROM outbox WHERE acknowledged_at IS NOT NULL GROUP BY acknowledged_at;
      ALTER TABLE outbox DROP COLUMN acknowledged_at;
    `,
  },
  {
    // No till query reads stock movements by variant (on-hand comes from stock_levels, history
    // from head office), yet the index put one random page per sold line into every durable sale
    // commit: 8 of its 50 WAL pages for a ten-line sale of a large catalogue.
    name: '005-drop-unread-stock-movements-index',
    sql: `
      DROP INDEX IF EXISTS stock_movements_variant;
    `,
  },
  {
    // Italian fiscal devices (RT), issue 16. Each sale completed with a device set gets one job in
    // the sale's own transaction (the intent: never a sale without it); the queue moves it
    // pending → sending (durably, before the request) → issued, or blocked with the device's
    // failure. `uncertain` marks a job whose request may have been issued without the till
    // hearing back: it is never sent again before the device's last document was checked. The
    // document the device numbered is kept on the job. Departments are the shop's table; closures
    // the device's Z (and X) numbers per shift.
    name: '006-fiscal-documents',
    sql: `
      CREATE TABLE fiscal_departments (
        department INTEGER PRIMARY KEY CHECK (department BETWEEN 1 AND 99),
        vat_code TEXT NOT NULL,
        description TEXT NOT NULL
      ) STRICT;

      CREATE TABLE fiscal_jobs (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL UNIQUE,
        sale_id TEXT NOT NULL UNIQUE REFERENCES sales(id),
        kind TEXT NOT NULL CHECK (kind IN ('sale', 'return', 'void')),
        request TEXT NOT NULL,
        total_cents INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'blocked', 'issued')),
        uncertain INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        failure TEXT,
        failure_message TEXT,
        baseline TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        source TEXT CHECK (source IN ('device', 'recovered', 'manual')),
        serial TEXT,
        z_number INTEGER,
        document_number INTEGER,
        document_date TEXT,
        document_time TEXT,
        amount_cents INTEGER
      ) STRICT;
      CREATE INDEX fiscal_jobs_open ON fiscal_jobs(seq) WHERE state <> 'issued';

      CREATE TABLE fiscal_closures (
        id TEXT PRIMARY KEY,
        shift_id TEXT NOT NULL REFERENCES shifts(id),
        kind TEXT NOT NULL CHECK (kind IN ('X', 'Z')),
        serial TEXT NOT NULL,
        z_number INTEGER NOT NULL,
        daily_amount_cents INTEGER NOT NULL,
        device_date TEXT NOT NULL,
        device_time TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX fiscal_closures_one_z ON fiscal_closures(shift_id) WHERE kind = 'Z';
    `,
  },
  {
    // Issue 16: a Z cannot be undone, and one whose reply was lost must never be sent twice. Before
    // the Z leaves, its shift gets a durable "Z being sent" row with the number the device's open
    // day will close as (from the last document, or an X reading on a day without documents); the
    // row goes with the stored Z or a definite refusal. A Z found after a lost reply is stored with
    // source 'recovered': its daily amount is then the till's figure from its own documents.
    name: '007-fiscal-z-sending',
    sql: `
      CREATE TABLE fiscal_z_sending (
        shift_id TEXT PRIMARY KEY REFERENCES shifts(id),
        serial TEXT,
        open_z INTEGER NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('last-document', 'x-reading')),
        attempts INTEGER NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      ALTER TABLE fiscal_closures ADD COLUMN source TEXT NOT NULL DEFAULT 'device' CHECK (source IN ('device', 'recovered'));
    `,
  },
  // Issue 17: chain ledgers (ledger helper, till migration 008)
  {
    // Vouchers, store credit and loyalty points become chain-wide ledgers. The till's own entries
    // gain why and how they were allowed (held at head office or within the offline allowance),
    // who made them and the outbox op that carries them up (head office's `includes` counts in those
    // op numbers); an entry made before this migration has none yet and is queued at the next start.
    // `ledger_accounts` holds the rows of the `ledgers` stream; `ledger_reservations` the holds this
    // till asked head office for, so one whose payment leaves the ticket is let go (triggers mark it).
    name: '008-chain-ledgers',
    sql: `
      CREATE TABLE ledger_entries_chain (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('store-credit', 'voucher', 'points')),
        account TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('issue', 'spend', 'refund', 'earn', 'redeem', 'adjust', 'merge')),
        authorisation TEXT NOT NULL CHECK (authorisation IN ('reserved', 'offline', 'credit')),
        reservation_id TEXT,
        store_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        outbox_seq INTEGER,
        sale_id TEXT,
        user_id TEXT,
        customer_id TEXT,
        at TEXT NOT NULL,
        -- The account's balance as this till saw it right after the entry (its receipt prints it; a reprint must too).
        balance_after INTEGER
      ) STRICT;
      INSERT INTO ledger_entries_chain (id, kind, account, amount_cents, reason, authorisation, reservation_id, store_id, device_id, outbox_seq, sale_id, user_id, customer_id, at)
        SELECT id, kind, account, amount_cents,
               CASE WHEN amount_cents < 0 THEN 'spend' WHEN kind = 'voucher' THEN 'issue' ELSE 'refund' END,
               CASE WHEN amount_cents < 0 THEN 'offline' ELSE 'credit' END,
               NULL,
               coalesce((SELECT value FROM meta WHERE key = 'store.id'), 'local'),
               coalesce((SELECT value FROM meta WHERE key = 'device.id'), 'unknown'),
               NULL, sale_id, user_id,
               CASE WHEN kind = 'store-credit' THEN account END,
               at
        FROM ledger_entries;
      DROP TABLE ledger_entries;
      ALTER TABLE ledger_entries_chain RENAME TO ledger_entries;
      CREATE INDEX ledger_account ON ledger_entries(kind, account);
      CREATE INDEX ledger_entries_sale ON ledger_entries(sale_id) WHERE sale_id IS NOT NULL;

      CREATE TABLE ledger_accounts (
        kind TEXT NOT NULL CHECK (kind IN ('store-credit', 'voucher', 'points')),
        account TEXT NOT NULL,
        balance INTEGER NOT NULL,
        offline_limit INTEGER NOT NULL,
        customer_id TEXT,
        includes TEXT NOT NULL,
        overspent INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, account)
      ) STRICT;

      CREATE TABLE ledger_reservations (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('store-credit', 'voucher', 'points')),
        account TEXT NOT NULL,
        amount INTEGER NOT NULL,
        -- requesting: asked, no answer yet; held: granted and on a ticket; release: to be let go at
        -- head office; released: let go (or never granted); settled: the sale's entry carries it.
        state TEXT NOT NULL CHECK (state IN ('requesting', 'held', 'release', 'released', 'settled')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ledger_reservations_to_release ON ledger_reservations(state) WHERE state IN ('requesting', 'release');

      ALTER TABLE ticket_payments ADD COLUMN authorisation TEXT CHECK (authorisation IN ('reserved', 'offline'));
      ALTER TABLE ticket_payments ADD COLUMN reservation_id TEXT;
      ALTER TABLE tickets ADD COLUMN points_redeemed INTEGER;
      ALTER TABLE tickets ADD COLUMN points_cents INTEGER;
      ALTER TABLE tickets ADD COLUMN points_authorisation TEXT CHECK (points_authorisation IN ('reserved', 'offline'));
      ALTER TABLE tickets ADD COLUMN points_reservation_id TEXT;

      -- A held payment that leaves its ticket (removed, dropped, the ticket cancelled) is let go.
      CREATE TRIGGER ledger_release_on_payment_delete AFTER DELETE ON ticket_payments
        WHEN OLD.reservation_id IS NOT NULL
        BEGIN UPDATE ledger_reservations SET state = 'release' WHERE id = OLD.reservation_id AND state = 'held'; END;
      CREATE TRIGGER ledger_release_on_ticket_delete AFTER DELETE ON tickets
        WHEN OLD.points_reservation_id IS NOT NULL
        BEGIN UPDATE ledger_reservations SET state = 'release' WHERE id = OLD.points_reservation_id AND state = 'held'; END;
      CREATE TRIGGER ledger_release_on_points_change AFTER UPDATE OF points_reservation_id ON tickets
        WHEN OLD.points_reservation_id IS NOT NULL AND OLD.points_reservation_id IS NOT coalesce(NEW.points_reservation_id, '')
        BEGIN UPDATE ledger_reservations SET state = 'release' WHERE id = OLD.points_reservation_id AND state = 'held'; END;
    `,
  },
  // Issue 17, customers everywhere
  {
    // The chain's customers come down the customers stream: a merged one stays, pointing at the
    // survivor (search hides it, an open ticket moves to the survivor); a version replaces the one
    // held only when its updated_at is not older (a till's own edit not yet pushed stays).
    name: '009-chain-customers',
    sql: `
      ALTER TABLE customers ADD COLUMN merged_into TEXT;
      ALTER TABLE customers ADD COLUMN updated_at TEXT;
      UPDATE customers SET updated_at = created_at;
      -- The phone as digits without +39/0039 (shared phoneKey): "333 111 2222" finds "+39 3331112222".
      -- Filled by the code that writes customers; rows from before stay found by their phone text.
      ALTER TABLE customers ADD COLUMN phone_key TEXT;
      CREATE INDEX customers_phone_key ON customers(phone_key) WHERE phone_key IS NOT NULL;
      CREATE INDEX customers_merged_into ON customers(merged_into) WHERE merged_into IS NOT NULL;
    `,
  },
  // Stock across stores (issue 17).
  {
    // Transfers on their way to this store, as head office's `transfers` stream sends them, and
    // when this till received one by scanning (kept apart from the pulled row, which a later pull
    // overwrites). The last answer head office gave about a variant's stock in every store, kept so
    // an offline till shows it with its age.
    name: '010-chain-stock',
    sql: `
      CREATE TABLE incoming_transfers (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE transfer_receipts (
        transfer_id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        received_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE stock_elsewhere (
        variant_id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  // Sales channels (issue 18).
  {
    // Head office's rows of the `store-stock` stream for this store: what it booked here itself
    // (online orders shipped from this shop, transfer legs it booked) and what it holds for online
    // orders not yet shipped. Kept apart from stock_levels, which is the sum of this till's own
    // movements and goes up through the outbox; the till adds the two only when it shows a figure.
    name: '011-store-stock',
    sql: `
      CREATE TABLE store_stock (
        variant_id TEXT PRIMARY KEY,
        head_office_milli INTEGER NOT NULL,
        reserved_milli INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];
