export { ReceiptShareButton, ReceiptShareDialog } from './receipt-share-dialog';
export { PrintReachList } from './print-reach-list';
