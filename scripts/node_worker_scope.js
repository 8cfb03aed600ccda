// Prepended by scripts/build_dist.ts to the Node build of
// gradcheck/worker.js: inside a worker_threads thread, the Web Worker scope
// that worker.ts expects (`onmessage`, `postMessage`, `WorkerGlobalScope`).
import { parentPort as threadPort } from "node:worker_threads";

if (threadPort && typeof globalThis.WorkerGlobalScope !== "function") {
  const scope = globalThis;
  scope.WorkerGlobalScope = class WorkerGlobalScope {
    static [Symbol.hasInstance](value) {
      return value === scope;
    }
  };
  scope.postMessage = (message) => threadPort.postMessage(message);
  threadPort.on("message", (data) => scope.onmessage?.({ data }));
}
