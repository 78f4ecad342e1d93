/**
 * @module
 * The till's questions to head office about a ledger (reserve, release, an account's history),
 * over the same transport and `fetch` as its sync, each cut off at a deadline. Head office is
 * optional here: no pairing, no network, a slow or failing answer all come back as `null`, and the
 * caller goes on with what the till holds. A sale never waits longer than the deadline.
 */
import type { HttpInputOf, HttpOutputOf, JsonProcedureName, LedgerAccountView, LedgerKind, LedgerReserveRequest, LedgerReserveResponse, SyncContract } from '@cassa/shared';
import { defaultTimers } from '../sync/sync-client-error';
import { SyncClientError } from '../sync/sync-client-error';
import { createSyncTransport } from '../sync/sync-transport';
import type { SyncPairing } from '../sync-outbox/sync-pairing';

export interface HeadOfficeLedgerOptions {
  readonly fetch: typeof fetch;
  readonly appVersion: string;
}

/** Answered, or not in time (`null`); a definite refusal from head office is an answer too (`refused`). */
export type HeadOfficeAnswer<T> = { readonly kind: 'answer'; readonly value: T } | { readonly kind: 'refused'; readonly code: string } | null;

export class HeadOfficeLedger {
  constructor(
    private readonly pairing: SyncPairing,
    private readonly options: HeadOfficeLedgerOptions,
  ) {}

  /** Whether the register is paired (else every question answers null at once). */
  paired(): boolean {
    return this.pairing.current() !== null;
  }

  private async ask<N extends JsonProcedureName<SyncContract>>(name: N, input: HttpInputOf<SyncContract, N>, deadlineMs: number): Promise<HeadOfficeAnswer<HttpOutputOf<SyncContract, N>>> {
    const paired = this.pairing.current();
    if (!paired) return null;
    const transport = createSyncTransport({
      serverUrl: paired.serverUrl,
      deviceToken: paired.deviceToken,
      appVersion: this.options.appVersion,
      fetch: this.options.fetch,
      timers: defaultTimers,
      requestTimeoutMs: deadlineMs,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        transport.abortAll();
        resolve(null);
      }, deadlineMs);
    });
    const asked = transport.call(name, input).then(
      (value): HeadOfficeAnswer<HttpOutputOf<SyncContract, N>> => ({ kind: 'answer', value }),
      (error: unknown): HeadOfficeAnswer<HttpOutputOf<SyncContract, N>> => {
        // Head office answered with a definite no (4xx); network trouble and its own failures are no answer.
        if (error instanceof SyncClientError && error.status !== null && error.status >= 400 && error.status < 500) return { kind: 'refused', code: error.code };
        return null;
      },
    );
    try {
      return await Promise.race([asked, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async reserve(request: LedgerReserveRequest, deadlineMs: number): Promise<LedgerReserveResponse | null> {
    const answer = await this.ask('ledger.reserve', request, deadlineMs);
    return answer?.kind === 'answer' ? answer.value : null;
  }

  /** True once head office holds nothing for the reservation (let go now, or it never knew it). */
  async release(reservationId: string, deadlineMs: number): Promise<boolean> {
    const answer = await this.ask('ledger.release', { reservationId }, deadlineMs);
    if (answer === null) return false;
    return answer.kind === 'answer' || answer.code === 'NOT_FOUND';
  }

  async account(kind: LedgerKind, account: string, deadlineMs: number): Promise<LedgerAccountView | null> {
    const answer = await this.ask('ledger.account', { kind, account }, deadlineMs);
    return answer?.kind === 'answer' ? answer.value : null;
  }
}
