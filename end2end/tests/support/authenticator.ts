// An authenticator app for the vendor console's tests: time-based codes (RFC 6238:
// HMAC-SHA-1, 30-second steps, 6 digits) from the base-32 key the invitation page shows.
import { createHmac } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(text: string): Buffer {
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const value = ALPHABET.indexOf(c);
    if (value < 0) throw new Error(`not base 32: ${c}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** Waits past the last 1.5 seconds of a step, so that the code and its check share one. */
export async function clearOfStepBoundary(): Promise<void> {
  const into = Date.now() % 30_000;
  if (into > 28_500) await new Promise((resolve) => setTimeout(resolve, 30_000 - into + 100));
}

/** The code the app shows `steps` steps from now. */
export function appCode(key: string, steps = 0): string {
  const counter = Math.floor(Date.now() / 30_000) + steps;
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32(key)).update(message).digest();
  const offset = digest[digest.length - 1] & 0xf;
  return ((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}
