/**
 * @module
 * Emulators of the three channels' remote APIs (issue 18), for tests, benchmarks and trying Cassa
 * without accounts. Written from the remotes' published documents and the quirks in
 * `../shared/reference/channels-erp.md`, never from our connectors.
 */
export type * from './emulator-control';
export { startPrestashopEmulator } from './prestashop';
export type { PrestashopEmulatorControl, PrestashopEmulatorOptions, PrestashopVersion, RunningPrestashopEmulator } from './prestashop';
export { startAmazonEmulator, type AmazonEmulatorOptions, type AmazonEmulatorControl, type RunningAmazonEmulator } from './amazon';
export { startEbayEmulator, INVENTORY_SCOPE, FULFILLMENT_SCOPE, type EbayEmulatorOptions, type EbayEmulatorControl, type RunningEbayEmulator } from './ebay';
// Issue 19: a Standard Webhooks receiver that checks what head office sends.
export { startWebhookReceiver, standardWebhookProblem } from './webhook-receiver';
export type { ReceivedWebhook, RunningWebhookReceiver, WebhookReceiverFault, WebhookReceiverOptions, WebhookRequestLog } from './webhook-receiver';
// Issue 19, SAP Business One Service Layer
export { startSapB1Emulator, type SapB1EmulatorControl, type SapB1EmulatorOptions, type SapItemSeed, type SapDocumentKind, type SapDocumentView, type RunningSapB1Emulator } from './sap-b1';
