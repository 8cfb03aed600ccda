/**
 * The live page end to end in headless Chromium: builds the package,
 * serves the repository as `deno task web` does, trains the two spirals to
 * at least 95% test accuracy, checks the gradients (all agree), plants the
 * σ′ bug through the page's own control and expects the check to name the
 * layer, loads a CSV through the file input, and saves screenshots to
 * the folder named by `--screenshots` (docs/ for the README's pictures;
 * a temporary folder otherwise, so a CI run leaves the checkout as it
 * was). Ends with `N passed, N failed`; `.ci/run` adds it to its total.
 *
 * ```sh
 * deno run --frozen -A tests/runtimes/web_e2e.ts --screenshots docs
 * ```
 *
 * @module
 */
/// <reference lib="dom" />
import type { Page } from "puppeteer-core";
import { buildDist } from "../../scripts/build_dist.ts";
import { launchChromium } from "./chromium.ts";
import { startServer } from "./server.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const shotFlag = Deno.args.indexOf("--screenshots");
const SHOTS = shotFlag >= 0 && Deno.args[shotFlag + 1]
  ? `${Deno.args[shotFlag + 1]!.replace(/\/$/, "")}/`
  : `${await Deno.makeTempDir({ prefix: "backprop-web-" })}/`;
const TRAIN_TIMEOUT_MS = 180_000;

interface Case {
  name: string;
  ok: boolean;
  detail: string;
}

async function text(page: Page, selector: string): Promise<string> {
  return await page.$eval(selector, (el) => el.textContent ?? "");
}

async function data(
  page: Page,
  selector: string,
  key: string,
): Promise<string> {
  return await page.$eval(
    selector,
    (el, k) => (el as HTMLElement).dataset[k as string] ?? "",
    key,
  );
}

async function runCheck(page: Page): Promise<void> {
  await page.click("#check-button");
  await page.waitForFunction(
    () => document.getElementById("check-result")?.dataset.ok !== "",
    { timeout: 60_000 },
  );
}

async function main(): Promise<Case[]> {
  await buildDist();
  const server = await startServer(ROOT);
  const browser = await launchChromium();
  const cases: Case[] = [];
  const step = async (name: string, fn: () => Promise<string>) => {
    try {
      cases.push({ name, ok: true, detail: await fn() });
    } catch (e) {
      cases.push({ name, ok: false, detail: (e as Error).message });
    }
  };
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1320, height: 1000 });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });

    await step(
      "the page loads, cross-origin isolated, without errors",
      async () => {
        await page.goto(`${server.url}web/`);
        await page.waitForSelector("body[data-ready=true]", {
          timeout: 30_000,
        });
        const isolated = await page.evaluate(() =>
          globalThis.crossOriginIsolated
        );
        if (!isolated) throw new Error("crossOriginIsolated is false");
        if (errors.length) throw new Error(errors.join("; "));
        return await text(page, "#footer");
      },
    );

    await step(
      "training the spirals reaches >= 95% test accuracy",
      async () => {
        const started = performance.now();
        await page.click("#train");
        await page.waitForFunction(
          () =>
            Number(document.getElementById("test-acc")?.dataset.value) >= 0.95,
          { timeout: TRAIN_TIMEOUT_MS, polling: 200 },
        );
        await page.click("#pause");
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        return `test accuracy ${await text(
          page,
          "#test-acc",
        )} at epoch ${await text(
          page,
          "#epoch",
        )} after ${seconds} s`;
      },
    );

    await step("the gradient check agrees everywhere", async () => {
      await runCheck(page);
      const verdict = await text(page, "#check-result .verdict");
      if ((await data(page, "#check-result", "ok")) !== "true") {
        throw new Error(verdict);
      }
      await page.screenshot({ path: `${SHOTS}web.png` });
      return `${verdict} ${await text(page, "#check-result p:nth-of-type(2)")}`;
    });

    await step(
      "a planted σ′ bug in layer 1 is named by the check",
      async () => {
        await page.select("#bug-layer", "1");
        await page.click("#bug");
        await runCheck(page);
        const verdict = await text(page, "#check-result .verdict");
        const suspect = await data(page, "#check-result", "suspect");
        if ((await data(page, "#check-result", "ok")) !== "false") {
          throw new Error(`the check passed: ${verdict}`);
        }
        if (suspect !== "1" || !/layer 1\b/.test(verdict)) {
          throw new Error(`the check names layer '${suspect}': ${verdict}`);
        }
        await page.screenshot({ path: `${SHOTS}web_bug.png` });
        await page.click("#bug"); // repaired
        return verdict;
      },
    );

    await step(
      "a CSV given to the file input becomes the data set",
      async () => {
        // 60 points on two rings, labelled by ring
        const rows = Array.from({ length: 60 }, (_, i) => {
          const r = i % 2 === 0 ? 0.4 : 1, t = i * 0.7;
          return `${r * Math.cos(t)},${r * Math.sin(t)},${
            i % 2 ? "outer" : "inner"
          }`;
        });
        const csv = await Deno.makeTempFile({
          prefix: "rings-",
          suffix: ".csv",
        });
        await Deno.writeTextFile(csv, `x,y,ring\n${rows.join("\n")}\n`);
        const input = await page.$("#csv-file");
        await (input as unknown as { uploadFile(p: string): Promise<void> })
          .uploadFile(csv);
        await page.waitForFunction(
          () =>
            (document.getElementById("dataset") as HTMLSelectElement).value ===
              "csv",
          { timeout: 10_000 },
        );
        const error = await text(page, "#error");
        if (error) throw new Error(error);
        const label = await page.$eval(
          "#dataset",
          (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent,
        );
        const name = csv.split("/").pop();
        await Deno.remove(csv);
        if (label !== name) throw new Error(`the data set is '${label}'`);
        return `${name} (60 rows, 2 classes) loaded`;
      },
    );
    if (errors.length) {
      cases.push({
        name: "no page errors",
        ok: false,
        detail: errors.join("; "),
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return cases;
}

if (import.meta.main) {
  let cases: Case[];
  try {
    cases = await main();
  } catch (e) {
    console.error(`error: ${(e as Error).stack ?? e}`);
    cases = [{ name: "start", ok: false, detail: String(e) }];
  }
  for (const c of cases) {
    console.log(`${c.ok ? "ok" : "FAILED"} [web] ${c.name}: ${c.detail}`);
  }
  const passed = cases.filter((c) => c.ok).length;
  console.log(`${passed} passed, ${cases.length - passed} failed`);
  Deno.exit(passed === cases.length ? 0 : 1);
}
