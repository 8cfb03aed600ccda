// Prepended by scripts/build_dist.ts to each module of the Node build that
// starts Workers (gradcheckParallel's, and the kernels' thread pool): Web
// Worker's API over node:worker_threads, used only where the runtime has
// no Worker global (Node; Deno and Bun have one).
import { Worker as ThreadWorker } from "node:worker_threads";
import { availableParallelism } from "node:os";

// How `tensor/kernels/threads.ts` passes its workers' source where there is
// no Worker global, and what runs before that source in the thread: the Web
// Worker scope it expects (`self.onmessage`, `self.close()`).
const SOURCE = "data:text/javascript,";
const SCOPE = `const { parentPort } = require("node:worker_threads");
globalThis.self = globalThis;
self.close = () => process.exit(0);
parentPort.on("message", (data) => self.onmessage?.({ data }));
`;

/** `new Worker(url)`, `onmessage`, `onerror`, `postMessage`, `terminate`. */
class ThreadWorkerAdapter {
  onmessage = null;
  onerror = null;
  #thread;

  constructor(url) {
    const href = String(url);
    if (!href.startsWith(SOURCE)) {
      this.#start(new ThreadWorker(new URL(href)));
      return;
    }
    // the kernels' workers: their source, evaluated after the scope. They
    // end by themselves when idle, so they need not hold the process open.
    const source = decodeURIComponent(href.slice(SOURCE.length));
    const thread = new ThreadWorker(SCOPE + source, { eval: true });
    thread.unref();
    this.#start(thread);
  }

  #start(thread) {
    this.#thread = thread;
    thread.on("message", (data) => this.onmessage?.({ data }));
    thread.on(
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

// The cores, for the default thread count (`defaultThreads`), where the
// runtime has no navigator (Node 20; Node 21 and later have one).
// deno-lint-ignore no-unused-vars
const navigator = globalThis.navigator ??
  { hardwareConcurrency: availableParallelism() };
