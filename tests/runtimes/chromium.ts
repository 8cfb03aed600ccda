/**
 * Headless Chromium for the runtime tests: Debian's `chromium` driven by
 * puppeteer-core (no browser download), and web/serve.ts for the pages.
 *
 * @module
 */
import puppeteer, { type Browser } from "puppeteer-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM: string = Deno.env.get("CHROMIUM_PATH") ??
  "/usr/bin/chromium";

/**
 * Starts headless Chromium.
 *
 * @returns The browser; close it when done.
 */
export async function launchChromium(): Promise<Browser> {
  return await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", // CI runs as root
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
    ],
  });
}
