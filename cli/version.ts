/**
 * The package version, read from deno.json.
 *
 * @module
 */
import config from "../deno.json" with { type: "json" };

/** The version of this package, as in deno.json. */
export const VERSION: string = config.version;
