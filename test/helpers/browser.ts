import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium, headless, with the flags this closed network needs (no background
 * networking, no component updates), and one page sized like a laptop screen.
 */
export async function openBrowserPage(): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Generous for a loaded CI machine; a page that works answers in milliseconds.
  page.setDefaultTimeout(20_000);
  return { browser, page };
}
