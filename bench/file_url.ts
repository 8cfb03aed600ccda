/**
 * `file://` URL to path, for the benchmark scripts.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/**
 * The local path of a `file://` URL.
 *
 * @param url The URL.
 * @returns The path.
 */
export function fromFileUrl(url: string): string {
  return fileURLToPath(url);
}
