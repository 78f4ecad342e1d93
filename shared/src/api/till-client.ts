/**
 * @module
 * The till's typed client. Apart from the contract on purpose: it needs only the contract's types,
 * so a screen that imports it does not build the contract's hundreds of zod schemas at start (the
 * phone's page, issue 20, spent a good part of its start-up there).
 */
import type { ClientTransport, ContractClient } from './client';
import { createContractClient } from './client';
import type { TillContract, TillEvents } from './till-contract';

export type TillClient = ContractClient<TillContract, TillEvents>;

export function createTillClient(transport: ClientTransport): TillClient {
  return createContractClient<TillContract, TillEvents>(transport);
}
