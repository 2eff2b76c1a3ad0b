import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.js';

/**
 * Who may talk to the runner. The server is a local process that can train and write files,
 * so every request must (1) name this server in `Host` (against DNS rebinding), (2) come from
 * this server's own page when it carries an `Origin` (against cross-site requests), and
 * (3) carry the token — as a query parameter, the cookie that parameter sets, or a header.
 */

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Equal strings, compared in constant time (hashes first, so lengths leak nothing either). */
export function sameToken(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export interface GuardOptions {
  token: string;
  port: number;
  /** Extra host names the server answers to (the `--host` it binds, when not loopback). */
  extraHosts?: string[];
  /** Extra exact origins allowed (e.g. a Vite dev server), off by default. */
  extraOrigins?: string[];
}

export class Guard {
  readonly hosts: Set<string>;
  readonly origins: Set<string>;
  /** Per port: two runners on one machine keep separate cookies. */
  readonly cookieName: string;

  constructor(readonly options: GuardOptions) {
    const names = ['127.0.0.1', 'localhost', '[::1]', ...(options.extraHosts ?? [])];
    this.hosts = new Set(names.map((h) => `${h}:${options.port}`.toLowerCase()));
    this.origins = new Set([...[...this.hosts].map((h) => `http://${h}`), ...(options.extraOrigins ?? [])]);
    this.cookieName = `ganvas_token_${options.port}`;
  }

  /** Throws 403 for a foreign Host or Origin. */
  checkHostAndOrigin(req: IncomingMessage): void {
    const host = req.headers.host;
    if (typeof host !== 'string' || !this.hosts.has(host.toLowerCase())) {
      throw new HttpError(403, 'forbidden_host', `requests must be addressed to ${[...this.hosts][0]} (Host header "${host ?? ''}" refused)`);
    }
    const origin = req.headers.origin;
    // Exact match only: "null", other ports, schemes and look-alikes (127.0.0.1:8787.evil.com) fail.
    if (origin !== undefined && !this.origins.has(origin.toLowerCase())) {
      throw new HttpError(403, 'forbidden_origin', `cross-origin request from "${origin}" refused`);
    }
  }

  /**
   * The token the request carries, if valid, and how: `query` means the caller should get the cookie.
   * Throws 401 when none is valid.
   */
  authenticate(req: IncomingMessage, url: URL): 'query' | 'cookie' | 'header' {
    const candidates: ['query' | 'cookie' | 'header', string][] = [];
    const query = url.searchParams.get('token');
    if (query !== null) candidates.push(['query', query]);
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && /^Bearer /i.test(auth)) candidates.push(['header', auth.slice(7).trim()]);
    const header = req.headers['x-ganvas-token'];
    if (typeof header === 'string') candidates.push(['header', header]);
    const cookie = readCookie(req.headers.cookie, this.cookieName);
    if (cookie !== undefined) candidates.push(['cookie', cookie]);
    for (const [how, value] of candidates) if (sameToken(value, this.options.token)) return how;
    throw new HttpError(
      401,
      'unauthorized',
      candidates.length ? 'wrong token' : 'a token is required: open the URL with ?token=... that `ganvas serve` printed',
    );
  }

  /** `Set-Cookie` value after a valid `?token=`. */
  cookie(): string {
    return `${this.cookieName}=${this.options.token}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
