/**
 * @module
 * Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work on
 * a closed network). The flags stop Chromium from reaching for Google's services.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CASSA_CHROMIUM ?? '/usr/bin/chromium';

/** Headless, no sandbox (containers), no GPU, and nothing that calls Google's services. */
export const chromiumSwitches: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `extraArgs`: more Chromium switches (a fake camera, say). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}: run sudo apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumSwitches, ...extraArgs],
  });
}
