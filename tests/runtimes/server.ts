/**
 * Starts web/serve.ts in a child process for a test, on a free port.
 *
 * @module
 */

/** A running server. */
export interface TestServer {
  /** Its base URL, ending in "/". */
  url: string;
  /** Stops it. */
  close(): Promise<void>;
}

const SERVE = new URL("../../web/serve.ts", import.meta.url).pathname;

/**
 * Serves `root` on 127.0.0.1 with the isolation headers.
 *
 * @param root The folder to serve.
 * @returns The server once it listens.
 */
export async function startServer(root: string): Promise<TestServer> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      "--frozen",
      "-R",
      "--allow-net=127.0.0.1",
      SERVE,
      "--root",
      root,
      "--port",
      "0",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`web/serve.ts exited before listening: ${text}`);
    text += value;
  }
  const url = text.match(/http:\/\/127\.0\.0\.1:\d+\//)?.[0];
  if (!url) throw new Error(`Cannot read the server's address from '${text}'`);
  return {
    url,
    async close(): Promise<void> {
      child.kill();
      await reader.cancel().catch(() => {});
      await child.status;
    },
  };
}
