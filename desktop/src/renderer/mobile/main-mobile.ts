/**
 * @module
 * The mobile till's entry: starts the till core's worker first, before the page's bundle (React,
 * the App, its styles) is even fetched, so the two load side by side; then loads the page. See
 * `early-worker.ts` for why and `mobile-page.tsx` for the page.
 */
import { holdingEndpoint } from './early-worker';

const worker = typeof Worker === 'function' ? new Worker(new URL('../../mobile/till-worker.ts', import.meta.url), { type: 'module', name: 'cassa-till' }) : null;
const endpoint = worker ? holdingEndpoint(worker) : null;
void import('./mobile-page').then(({ mountMobilePage }) => mountMobilePage(endpoint));
