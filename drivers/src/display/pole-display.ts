/**
 * @module
 * The customer-facing pole display: what the customer reads while the cashier scans.
 */
import type { Connection } from '../connection/connection-string';
import { parseConnection } from '../connection/connection-string';
import { DeviceBase } from '../device/device-base';
import type { DeviceOptions } from '../device/device-base';
import { createTransport } from '../transport/create-transport';
import type { CreateTransportOptions } from '../transport/create-transport';
import type { Transport } from '../transport/transport';
import { encodeDisplayInit, encodeDisplayLines, epsonDisplayProfile, fitDisplayLine } from './display-encoder';
import type { DisplayProfile } from './display-encoder';

export interface DisplayLabels {
  readonly welcome: string;
  readonly total: string;
  readonly paid: string;
  readonly change: string;
}

export const italianDisplayLabels: DisplayLabels = { welcome: 'Benvenuti', total: 'TOTALE', paid: 'Pagato', change: 'Resto' };
export const englishDisplayLabels: DisplayLabels = { welcome: 'Welcome', total: 'TOTAL', paid: 'Paid', change: 'Change' };

export interface PoleDisplayOptions extends DeviceOptions {
  readonly profile?: DisplayProfile;
  readonly labels?: DisplayLabels;
  /** Blank the display on close() (default true: no stale total left facing the street). */
  readonly clearOnClose?: boolean;
}

/** "€ 1.234,50" from integer cents, as Italian tills show it. */
export function formatEuroCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${sign}${euros},${String(abs % 100).padStart(2, '0')}`;
}

export class PoleDisplay extends DeviceBase {
  readonly profile: DisplayProfile;
  readonly labels: DisplayLabels;
  #lines: string[] = [];
  readonly #clearOnClose: boolean;

  constructor(transport: Transport, options: PoleDisplayOptions = {}) {
    super(transport, { name: 'display', ...options });
    this.profile = options.profile ?? epsonDisplayProfile;
    this.labels = options.labels ?? italianDisplayLabels;
    this.#clearOnClose = options.clearOnClose ?? true;
  }

  /** What the display shows now, as fitted (for a mirror in the till's UI and for tests). */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** Shows two lines, each cut or padded to the display's width. */
  async showLines(top: string, bottom = ''): Promise<void> {
    const lines = [top, bottom];
    await this.send(encodeDisplayLines(lines, this.profile));
    this.#lines = lines.map((l) => fitDisplayLine(l, this.profile.columns, this.profile.codePage));
  }

  /** Item name on top, its price right-aligned below (quantity in front when more than one). */
  showItem(name: string, priceCents: number, quantity = 1): Promise<void> {
    const price = formatEuroCents(priceCents);
    const left = quantity === 1 ? '' : `${quantity} x`;
    return this.showLines(name, this.#spread(left, price));
  }

  showTotal(totalCents: number): Promise<void> {
    return this.showLines(this.#spread(this.labels.total, ''), this.#spread('', formatEuroCents(totalCents)));
  }

  showChange(paidCents: number, changeCents: number): Promise<void> {
    return this.showLines(this.#spread(this.labels.paid, formatEuroCents(paidCents)), this.#spread(this.labels.change, formatEuroCents(changeCents)));
  }

  showWelcome(shopName = ''): Promise<void> {
    return this.showLines(this.#centre(this.labels.welcome), this.#centre(shopName));
  }

  clear(): Promise<void> {
    return this.showLines('', '');
  }

  protected override async onReady(): Promise<void> {
    await this.send(encodeDisplayInit(this.profile));
    // After a reconnect the display was power-cycled or reset: put the last screen back.
    if (this.#lines.length > 0) await this.send(encodeDisplayLines(this.#lines, this.profile));
  }

  protected override async beforeClose(): Promise<void> {
    if (this.#clearOnClose) await this.send(encodeDisplayLines(['', ''], this.profile));
  }

  #spread(left: string, right: string): string {
    const width = this.profile.columns;
    const r = fitDisplayLine(right, width, this.profile.codePage).trimEnd();
    const room = width - Array.from(r).length;
    if (room <= 0) return r;
    const l = Array.from(fitDisplayLine(left, width, this.profile.codePage).trimEnd()).slice(0, Math.max(0, room - 1)).join('');
    return l + ' '.repeat(room - Array.from(l).length) + r;
  }

  #centre(text: string): string {
    const shown = Array.from(fitDisplayLine(text, this.profile.columns, this.profile.codePage).trimEnd());
    const pad = Math.floor((this.profile.columns - shown.length) / 2);
    return ' '.repeat(pad) + shown.join('');
  }
}

export interface CreatePoleDisplayOptions extends PoleDisplayOptions {
  readonly transport?: CreateTransportOptions;
}

export function createPoleDisplay(connection: Connection | string, options: CreatePoleDisplayOptions = {}): PoleDisplay {
  const c = typeof connection === 'string' ? parseConnection(connection) : connection;
  return new PoleDisplay(createTransport(c, options.transport), options);
}
