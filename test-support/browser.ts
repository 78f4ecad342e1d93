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

/**
 * Desktop Chrome's omnibox popup is a WebUI page in its own renderer, and headless Chromium 156
 * builds and lays it out at every start: about a second of CPU, on a machine with two cores, while
 * the page under test starts. A phone's installed app has no omnibox. Only for a browser we start
 * ourselves: Chromium keeps the last `--disable-features`, so on a Playwright launch this would
 * replace Playwright's own list.
 */
export const noOmniboxWebUi = '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup';

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
