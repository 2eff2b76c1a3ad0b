import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Guard } from './guard.js';
import { HttpError } from './http-error.js';
import { zClientMessage, type ServerMessage } from './messages.js';
import type { RunManager } from './runs.js';

/**
 * `GET /api/ws`: run events to the page. The upgrade goes through the same Host, Origin and
 * token checks as every other request (browsers do not apply CORS to WebSockets, so the
 * Origin check here is what stops another site from listening in).
 */

/** Above this many queued bytes a slow client misses step/phase messages (never status ones). */
const MAX_BUFFERED = 4 * 1024 * 1024;

export function attachWebSocket(server: Server, guard: Guard, runs: RunManager): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket: Duplex, head: Buffer) => {
    try {
      const target = req.url ?? '';
      if (!target.startsWith('/')) throw new HttpError(400, 'bad_request', 'bad request target');
      const url = new URL(target, 'http://runner.invalid');
      guard.checkHostAndOrigin(req);
      guard.authenticate(req, url);
      if (url.pathname !== '/api/ws') throw new HttpError(404, 'not_found', 'WebSockets are at /api/ws');
    } catch (e) {
      const err = e instanceof HttpError ? e : new HttpError(400, 'bad_request', 'bad upgrade');
      const body = JSON.stringify({ error: { code: err.code, message: err.message } });
      socket.end(
        `HTTP/1.1 ${err.status} ${err.code}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws, runs));
  });
  return {
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function connect(ws: WebSocket, runs: RunManager): void {
  let subscribed = '*';
  const unsubscribe = runs.onMessage((m: ServerMessage) => {
    if (subscribed !== '*' && m.run !== subscribed) return;
    if ((m.type === 'step' || m.type === 'phase') && ws.bufferedAmount > MAX_BUFFERED) return;
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
  });
  ws.on('message', (data, isBinary) => {
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      raw = undefined;
    }
    const parsed = zClientMessage.safeParse(raw);
    if (!parsed.success) {
      ws.send(JSON.stringify({ type: 'error', run: '', message: 'unknown message; send {"type":"subscribe","run":"<id>"}' }));
      return;
    }
    subscribed = parsed.data.run;
    if (subscribed !== '*') {
      runs.details(subscribed).then(
        (d) => ws.send(JSON.stringify({ type: 'status', run: d.id, status: d.status, step: d.step, steps: d.steps })),
        () => ws.send(JSON.stringify({ type: 'error', run: subscribed, message: `no run "${subscribed}"` })),
      );
    }
  });
  ws.on('close', unsubscribe);
  ws.on('error', () => ws.terminate());
}
