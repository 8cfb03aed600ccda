// Prepended by scripts/build_dist.ts to the Node build's module that
// starts gradcheckParallel's Workers: Web Worker's API over
// node:worker_threads, used only where the runtime has no Worker global
// (Node; Deno and Bun have one).
import { Worker as ThreadWorker } from "node:worker_threads";

/** `new Worker(url)`, `onmessage`, `onerror`, `postMessage`, `terminate`. */
class ThreadWorkerAdapter {
  onmessage = null;
  onerror = null;
  #thread;

  constructor(url) {
    this.#thread = new ThreadWorker(new URL(url));
    this.#thread.on("message", (data) => this.onmessage?.({ data }));
    this.#thread.on(
      "error",
      (e) => this.onerror?.({ message: e.message, preventDefault() {} }),
    );
  }

  postMessage(message) {
    this.#thread.postMessage(message);
  }

  terminate() {
    this.#thread.terminate();
  }
}

// deno-lint-ignore no-unused-vars
const Worker = globalThis.Worker ?? ThreadWorkerAdapter;
