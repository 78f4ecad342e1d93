/**
 * @module
 * The head-office API over fetch, derived from the contract: same-origin cookies, the CSRF cookie
 * echoed on every write, typed inputs and outputs, every answer checked against the contract.
 * Failures are `CassaError`s, like everywhere else in Cassa.
 */
import { createHttpClient, headOfficeContract } from '@cassa/shared';

function csrfToken(): string {
  const match = /(?:^|;\s*)(?:__Host-)?cassa_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ?? '';
}

export const hoClient = createHttpClient(headOfficeContract, {
  baseUrl: '/api/ho',
  credentials: 'same-origin',
  headers: (procedure): Record<string, string> => (procedure.writes ? { 'x-csrf-token': csrfToken() } : {}),
});
