/**
 * @module
 * Hands a file to the customer: the phone's share sheet (Web Share API level 2, files) where the
 * browser says it can share that file, else a download the cashier sends on as they like.
 */
export type ShareOutcome = 'shared' | 'downloaded' | 'cancelled';

export async function shareOrDownload(file: File): Promise<ShareOutcome> {
  if (typeof navigator.canShare === 'function' && navigator.canShare({ files: [file] })) {
    try {
      await navigator.share({ files: [file], title: file.name });
      return 'shared';
    } catch (error) {
      // The cashier closed the share sheet: nothing to do. Any other refusal falls back to a download.
      if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
    }
  }
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // After the download has started with it.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return 'downloaded';
}
