/**
 * Builds the package (dist/node, dist/browser) and the smoke suite's own
 * bundle (dist/smoke/smoke.js), for the Node and Chromium runners.
 *
 * @module
 */
import { buildDist } from "../../scripts/build_dist.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Builds dist/ and dist/smoke. */
export async function buildForSmoke(): Promise<void> {
  await buildDist();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--frozen",
      "--platform",
      "browser",
      "--format",
      "esm",
      "-o",
      "dist/smoke/smoke.js",
      "tests/runtimes/smoke.ts",
    ],
    cwd: ROOT,
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `Cannot bundle the smoke suite: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
}
