/**
 * A small static file server for the live page and the runtime tests: GET
 * only, no directory listings, never outside its root, with the
 * Cross-Origin-Opener-Policy and Cross-Origin-Embedder-Policy headers that
 * cross-origin isolation (SharedArrayBuffer, multi-core kernels) needs.
 *
 * ```sh
 * deno run -R --allow-net=127.0.0.1 web/serve.ts [--root DIR] [--port N] [--index /web/]
 * ```
 *
 * It prints `Listening on http://127.0.0.1:PORT/` once ready (port 0 picks
 * a free one).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { extname, join, normalize, resolve } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".ts": "application/typescript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".map": "application/json; charset=utf-8",
};

/** Headers every response carries: cross-origin isolation, no caching. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

/**
 * Answers one request from the files under `root` (`/` is `index.html`).
 *
 * @param root The folder served.
 * @param request The request.
 * @param index Where to redirect `/` (a page under the root), if anywhere.
 * @returns The file, or 404/405.
 */
export async function serveFile(
  root: string,
  request: Request,
  index = "",
): Promise<Response> {
  const headers = new Headers(ISOLATION_HEADERS);
  if (index && new URL(request.url).pathname === "/") {
    headers.set("Location", index);
    return new Response(null, { status: 302, headers });
  }
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("Method not allowed", { status: 405, headers });
  }
  let path = decodeURIComponent(new URL(request.url).pathname);
  if (path.endsWith("/")) path += "index.html";
  const file = normalize(join(root, path));
  if (!file.startsWith(root.endsWith("/") ? root : root + "/")) {
    return new Response("Not found", { status: 404, headers });
  }
  try {
    const body = await Deno.readFile(file);
    headers.set(
      "Content-Type",
      TYPES[extname(file)] ?? "application/octet-stream",
    );
    return new Response(request.method === "HEAD" ? null : body, { headers });
  } catch {
    return new Response("Not found", { status: 404, headers });
  }
}

if (import.meta.main) {
  const args = parseArgs({
    args: Deno.args,
    options: {
      root: { type: "string", default: "web" },
      port: { type: "string", default: "8000" },
      index: { type: "string", default: "" },
    },
  });
  const root = resolve(args.values.root);
  Deno.serve({
    hostname: "127.0.0.1",
    port: Number(args.values.port),
    onListen: ({ port }) =>
      console.log(
        `Listening on http://127.0.0.1:${port}/${
          args.values.index.replace(/^\//, "")
        }`,
      ),
  }, (request) => serveFile(root, request, args.values.index));
}
