// The product's language files, read as the browser tests compare the pages' words
// with them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A language file of the product: its `key = text` lines. */
export function texts(locale: string): Record<string, string> {
  const file = path.resolve(__dirname, `../../../locales/${locale}.txt`);
  const entries = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf(' = ');
      return [line.slice(0, at), line.slice(at + 3)];
    });
  return Object.fromEntries(entries);
}
