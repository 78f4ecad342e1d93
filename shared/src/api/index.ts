export * from './define';
export * from './client';
export * from './till-views';
export * from './fiscal-office-views';
export * from './fiscal-cashier-views';
// Issue 17: chain ledgers
export * from './ledger-views';
// Stock across stores (issue 17)
export * from './chain-stock-views';
// Issue 20: the receipt on a phone's screen
export * from './receipt-view';
export * from './till-contract';
export * from './till-client';
export * from './ipc-channels';
export * from './lan-access';
export * from './http-contract';
export * from './http-client';
// Issue 20: the mobile till's page↔worker messages
export * from './worker-protocol';
