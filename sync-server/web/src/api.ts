/** The head-office API over fetch: same-origin cookies, the CSRF cookie echoed on every write. */
import { createHttpClient, headOfficeContract } from '@cassa/shared';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

function csrfToken(): string {
  const match = /(?:^|;\s*)(?:__Host-)?cassa_csrf=([^;]+)/.exec(document.cookie);
  return match?.[1] ?? '';
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/ho${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json().catch(() => null)) as {
    ok: boolean;
    data?: T;
    error?: { code: string; message: string; details?: Record<string, unknown> };
  } | null;
  if (!json) throw new ApiError('INTERNAL', `HTTP ${response.status}`, response.status);
  if (!json.ok) throw new ApiError(json.error?.code ?? 'INTERNAL', json.error?.message ?? `HTTP ${response.status}`, response.status, json.error?.details ?? {});
  return json.data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);

/** The head-office client derived from the contract: typed inputs and outputs, answers checked. */
export const hoClient = createHttpClient(headOfficeContract, {
  baseUrl: '/api/ho',
  credentials: 'same-origin',
  headers: (procedure): Record<string, string> => (procedure.writes ? { 'x-csrf-token': csrfToken() } : {}),
});
