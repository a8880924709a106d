/** Decide what a file is from its bytes, so an HTML error page saved as .pdf is not taken for a report. */
import type { SourceKind } from '../types.ts';

/** How far into the file to look: PDF allows junk before the header within the first 1 KiB. */
const PDF_HEADER_WINDOW = 1024;
const HTML_SNIFF_WINDOW = 2048;

export type Sniffed = { kind: SourceKind } | { kind: null; reason: string };

export function sniffKind(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: null, reason: 'the file is empty (0 bytes)' };
  const head = Buffer.from(bytes.subarray(0, PDF_HEADER_WINDOW)).toString('latin1');
  if (head.includes('%PDF-')) return { kind: 'pdf' };
  const start = Buffer.from(bytes.subarray(0, HTML_SNIFF_WINDOW)).toString('utf8').toLowerCase();
  if (/<!doctype html|<html[\s>]|<body[\s>]|<table[\s>]|<head[\s>]/.test(start)) return { kind: 'html' };
  if (looksBinary(bytes.subarray(0, HTML_SNIFF_WINDOW))) {
    return { kind: null, reason: 'not a PDF, HTML or text file (binary content without a %PDF- header)' };
  }
  return { kind: 'text' };
}

/** Text files have almost no control bytes; binary formats have many. */
function looksBinary(bytes: Uint8Array): boolean {
  let control = 0;
  for (const b of bytes) if (b < 9 || (b > 13 && b < 32)) control++;
  return control > bytes.length * 0.05;
}

export const EXTENSION: Record<SourceKind, string> = { pdf: 'pdf', html: 'html', text: 'txt' };
