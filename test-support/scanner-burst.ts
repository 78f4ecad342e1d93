import type { Page } from 'playwright-core';

/**
 * Types `code` + Enter the way a keyboard-wedge scanner does: real (trusted) key events 5 ms apart
 * by the clock the page sees. `page.keyboard.type(code, {delay: 5})` means the same, but each key
 * is a round trip from the test process, so on a loaded machine its gaps stretch to 30–60 ms and
 * the scan would (rightly) read as typing; the DevTools protocol lets the test stamp each key with
 * the time a scanner would have sent it, as the operating system stamps a real scanner's keys.
 */
export async function scannerBurst(page: Page, code: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const start = Date.now() / 1000;
    const keys = [...code, 'Enter'];
    for (const [i, key] of keys.entries()) {
      const timestamp = start + i * 0.005;
      const enter = key === 'Enter';
      await cdp.send('Input.dispatchKeyEvent', {
        type: 'keyDown',
        key,
        text: enter ? '\r' : key,
        ...(enter ? { code: 'Enter', windowsVirtualKeyCode: 13 } : {}),
        timestamp,
      });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, ...(enter ? { code: 'Enter', windowsVirtualKeyCode: 13 } : {}), timestamp });
    }
  } finally {
    await cdp.detach();
  }
}
