import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RequestHandler } from 'express';

/** Repository root, as static-ui resolves relative HRO_STATIC_DIR_* values. */
const ROOT = resolve(__dirname, '..', '..', '..');

/** Everything that is not a UI page (JSON, problem+json, metrics): nothing may load or frame it. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The built UIs' policy. Scripts: same-origin files plus the hashes of index.html's inline
 * scripts (Angular's critical-CSS loader swaps the stylesheet's media with one; without its
 * hash the full stylesheet never applies). Styles need 'unsafe-inline': Angular inlines
 * critical CSS and injects component styles as <style> elements at runtime. connect-src
 * 'self' covers the same-origin Socket.IO websocket (CSP3 matches ws:/wss: for 'self').
 */
export function uiCsp(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    ["script-src 'self'", ...scriptHashes.map((h) => `'${h}'`)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    "connect-src 'self'",
    // data: for the hub's inline SVG favicon; images cannot run code.
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** sha256 sources of the inline <script> elements (not src=) of an HTML document. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1]!)) continue;
    hashes.push(`sha256-${createHash('sha256').update(m[2]!, 'utf8').digest('base64')}`);
  }
  return hashes;
}

/** A UI's CSP, recomputed when its index.html changes (a rebuild while the API runs). */
function uiPolicy(indexFile: string): () => string {
  let cached: { mtimeMs: number; csp: string } | undefined;
  return () => {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(indexFile).mtimeMs;
    } catch {
      return uiCsp([]); // no build: static-ui serves nothing here anyway
    }
    if (cached?.mtimeMs !== mtimeMs) {
      cached = { mtimeMs, csp: uiCsp(inlineScriptHashes(readFileSync(indexFile, 'utf8'))) };
    }
    return cached.csp;
  };
}

/**
 * Security headers on every response: no MIME sniffing, no referrer, no framing (both the
 * legacy header and CSP frame-ancestors), and a CSP — the UI policy under the UI mounts,
 * a lock-down one everywhere else.
 */
export function securityHeaders(staticDirs: { responder: string; analytics: string }): RequestHandler {
  const uis = [
    { prefix: '/responder', csp: uiPolicy(join(resolve(ROOT, staticDirs.responder), 'index.html')) },
    { prefix: '/analytics', csp: uiPolicy(join(resolve(ROOT, staticDirs.analytics), 'index.html')) },
  ];
  return (req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    const ui = uis.find((u) => req.path === u.prefix || req.path.startsWith(`${u.prefix}/`));
    res.setHeader('Content-Security-Policy', ui ? ui.csp() : API_CSP);
    next();
  };
}
