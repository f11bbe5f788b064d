/**
 * GET /admin/review — the review page: one self-contained HTML document (inline CSS and script,
 * hand-drawn SVG charts, no external asset) under a strict Content-Security-Policy that allows
 * exactly its own inline script and style (by hash) and fetches to this listener only. The page
 * holds no data: its script asks the admin API with the token the operator pastes (see page.js).
 * Built once, on first request, from review/page.{html,css,js}.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdminReply } from './admin-http.ts';

const DIR = join(import.meta.dirname, 'review');

interface BuiltPage {
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

let built: BuiltPage | undefined;

export function reviewPage(): AdminReply {
  built ??= buildPage();
  return {
    status: 200,
    text: built.html,
    contentType: 'text/html; charset=utf-8',
    headers: built.headers,
  };
}

function buildPage(): BuiltPage {
  const read = (name: string): string => readFileSync(join(DIR, name), 'utf8');
  // Function replacements: the script is full of `$`, which a string replacement would expand.
  const html = read('page.html')
    .replace('/*STYLE*/', () => read('page.css'))
    .replace('/*SCRIPT*/', () => read('page.js'));
  const csp = [
    "default-src 'none'",
    `script-src '${hashOf(inner(html, 'script'))}'`,
    `style-src '${hashOf(inner(html, 'style'))}'`,
    "connect-src 'self'",
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    html,
    headers: {
      'content-security-policy': csp,
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    },
  };
}

/** The text between `<tag>` and `</tag>` (the page has exactly one of each). */
function inner(html: string, tag: 'script' | 'style'): string {
  const open = `<${tag}>`;
  const start = html.indexOf(open) + open.length;
  return html.slice(start, html.indexOf(`</${tag}>`, start));
}

function hashOf(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
