/**
 * Bytes → string for text and HTML inputs. Chinese government pages come as UTF-8 (with or
 * without BOM) or GBK/GB2312 (decoded as GB18030, its superset); declared charsets are often
 * wrong, so the content decides and a declaration only breaks ties.
 */

/** A WHATWG encoding label: 'utf-8', 'utf-16le', 'utf-16be', 'gb18030', or a declared one (e.g. 'big5'). */
export type TextEncoding = string;

export interface Decoded {
  text: string;
  encoding: TextEncoding;
  /** Whether a byte-order mark was found (and dropped). */
  bom: boolean;
}

/** How far into an HTML file to look for a `<meta charset>` declaration (the spec says 1024). */
const META_SNIFF_BYTES = 4096;

const GB_LABELS = /^(gb2312|gbk|gb18030|x-gbk|csgb2312|cp936|windows-936|euc-cn)$/i;

/** Charset declared by `<meta charset=…>` or `<meta http-equiv content="…; charset=…">`, if any. */
export function declaredCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, META_SNIFF_BYTES));
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function bomEncoding(bytes: Uint8Array): TextEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * Decide the encoding: a BOM wins; then bytes that are valid UTF-8 are UTF-8 (GBK text with
 * Chinese in it is practically never valid UTF-8, while portals often declare the wrong charset);
 * otherwise the declared charset if it is one the runtime knows and not UTF-8 (e.g. big5), else
 * GB18030 (a superset of GBK and GB2312).
 */
export function sniffEncoding(bytes: Uint8Array, declared: string | null = null): { encoding: TextEncoding; bom: boolean } {
  const bom = bomEncoding(bytes);
  if (bom) return { encoding: bom, bom: true };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', bom: false };
  if (declared && !GB_LABELS.test(declared) && !/^utf-?8$/i.test(declared) && isKnownEncoding(declared)) {
    return { encoding: declared, bom: false };
  }
  return { encoding: 'gb18030', bom: false };
}

function isKnownEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

export function decodeBytes(bytes: Uint8Array, declared: string | null = null): Decoded {
  const { encoding, bom } = sniffEncoding(bytes, declared);
  // TextDecoder drops a matching BOM itself (ignoreBOM defaults to false).
  const text = new TextDecoder(encoding).decode(bytes);
  return { text, encoding, bom };
}
