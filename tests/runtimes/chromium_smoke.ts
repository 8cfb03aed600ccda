/**
 * The smoke suite in headless Chromium: builds the package for the browser,
 * serves the repository with the isolation headers, opens
 * tests/runtimes/smoke.html and prints its results, ending with
 * `N passed, N failed`. `.ci/run` adds it to its total.
 *
 * ```sh
 * deno run --frozen -A tests/runtimes/chromium_smoke.ts [fingerprints.json]
 * ```
 *
 * @module
 */
import { buildForSmoke } from "./bundle_smoke.ts";
import { launchChromium } from "./chromium.ts";
import { startServer } from "./server.ts";
import { smokeLines, type SmokeRun } from "./smoke.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function main(): Promise<number> {
  await buildForSmoke();
  const server = await startServer(ROOT);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${server.url}tests/runtimes/smoke.html`);
    await page.waitForFunction("globalThis.smoke", { timeout: 120_000 });
    const got = await page.evaluate("globalThis.smoke") as
      & SmokeRun
      & { error?: string; isolated?: boolean };
    if (got.error) throw new Error(`The page failed: ${got.error}`);
    console.log(
      `chromium ${await browser
        .version()}, crossOriginIsolated: ${got.isolated}`,
    );
    const ok = got.results.every((r) => r.ok);
    // loadCsv's refusal to read files logs a blocked node: import; shown
    // only when something failed
    if (!ok) { for (const e of errors) console.error(`page: ${e}`); }
    if (Deno.args[0]) {
      await Deno.writeTextFile(
        Deno.args[0],
        JSON.stringify(got.fingerprints, null, 2) + "\n",
      );
    }
    console.log(smokeLines(got, "chromium").join("\n"));
    return ok ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (e) {
    console.error(`error: ${(e as Error).stack ?? e}`);
    console.log("0 passed, 1 failed");
    Deno.exit(1);
  }
}
