/**
 * @module
 * The sale screen's fiscal dialog ("Registra a mano"), rendered beside the screen's other dialogs
 * rather than inside the banner that opens it: there the ticket panel, later in the page, would
 * paint over it, and typing in it would count as the alert changing.
 */
import { ManualDocumentDialog } from '../../components/fiscal/manual-document-dialog';
import type { FiscalSale } from './use-fiscal-sale';

export function FiscalDialogs({ fiscal, refocus }: { fiscal: FiscalSale; refocus: () => void }) {
  const job = fiscal.recordingJob;
  if (!job) return null;
  const close = () => {
    fiscal.setRecordingJob(null);
    setTimeout(refocus, 0);
  };
  return <ManualDocumentDialog job={job} onClose={close} onRecorded={(next) => { fiscal.setState(next); close(); }} />;
}
