/**
 * Base64 of bytes, for the generated wasm module.
 *
 * @module
 */

/**
 * Encodes bytes as standard base64.
 *
 * @param bytes The bytes.
 * @returns The base64 text.
 */
export function encodeBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]!);
  return btoa(s);
}
