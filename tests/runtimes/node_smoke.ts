/**
 * The smoke suite under the machine's `node`: builds the package for Node
 * and runs tests/runtimes/node_main.mjs, whose last line is
 * `N passed, N failed`. `.ci/run` adds it to its total.
 *
 * ```sh
 * deno run --frozen -A tests/runtimes/node_smoke.ts [fingerprints.json]
 * ```
 *
 * @module
 */
import { buildForSmoke } from "./bundle_smoke.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

if (import.meta.main) {
  try {
    await buildForSmoke();
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    console.log("0 passed, 1 failed");
    Deno.exit(1);
  }
  const node = new Deno.Command("node", {
    args: ["tests/runtimes/node_main.mjs", ...Deno.args],
    cwd: ROOT,
  });
  let status: Deno.CommandStatus;
  try {
    status = await node.spawn().status;
  } catch (e) {
    console.error(`error: cannot run node: ${(e as Error).message}`);
    console.log("0 passed, 1 failed");
    Deno.exit(1);
  }
  Deno.exit(status.code);
}
