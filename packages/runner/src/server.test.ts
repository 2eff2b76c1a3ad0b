import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunner, type Runner } from './server.js';
import { api, connectWs, request, template } from './test-helpers.js';

// Security and the read-only API over real HTTP on 127.0.0.1 (ephemeral port).

const SECRET = 'TOP-SECRET-CONTENT-4f1c';
let tmp: string;
let runner: Runner;
let port: number;
let token: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'ganvas-runner-'));
  // tmp/secret.txt (outside everything served), tmp/editor (static), tmp/runs/manual (a run dir).
  await writeFile(path.join(tmp, 'secret.txt'), SECRET);
  const editor = path.join(tmp, 'editor');
  await mkdir(path.join(editor, 'assets'), { recursive: true });
  await writeFile(path.join(editor, 'index.html'), '<!doctype html><title>editor</title>EDITOR-PAGE');
  await writeFile(path.join(editor, 'assets', 'app.js'), 'console.log("app")');
  await symlink(path.join(tmp, 'secret.txt'), path.join(editor, 'secret-link.txt'));
  await symlink(tmp, path.join(editor, 'dir-link'));
  const run = path.join(tmp, 'runs', 'manual');
  await mkdir(path.join(run, 'samples'), { recursive: true });
  await writeFile(path.join(run, 'run.json'), JSON.stringify({ seed: 1, backend: 'cpu', batchSize: 2, steps: 2, packages: {}, ganvasVersion: '0', startedAt: '' }));
  await writeFile(path.join(run, 'metrics.jsonl'), '{"step":1,"losses":{"G":1},"ms":1}\n');
  await symlink(path.join(tmp, 'secret.txt'), path.join(run, 'samples', 'leak.png'));
  runner = await startRunner({ port: 0, runsDir: path.join(tmp, 'runs'), editorDir: editor, log: () => undefined });
  ({ port, token } = runner);
});

afterAll(async () => {
  await runner?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('the token', () => {
  it('is required on every route, the page included', async () => {
    for (const target of ['/', '/index.html', '/assets/app.js', '/api/catalogue', '/api/templates', '/api/runs', '/api/runs/manual', '/api/runs/manual/files/metrics.jsonl']) {
      const r = await request(port, target);
      expect(r.status, target).toBe(401);
      expect(r.json.error.code).toBe('unauthorized');
      expect(r.text).not.toContain('EDITOR-PAGE');
    }
    const post = await request(port, '/api/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"document":{}}' });
    expect(post.status).toBe(401);
  });

  it('refuses a wrong token however it is sent', async () => {
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const tries: [string, Record<string, string>][] = [
      [`/api/catalogue?token=${wrong}`, {}],
      ['/api/catalogue', { authorization: `Bearer ${wrong}` }],
      ['/api/catalogue', { 'x-ganvas-token': wrong }],
      ['/api/catalogue', { cookie: `ganvas_token_${port}=${wrong}` }],
      ['/api/catalogue', { 'x-ganvas-token': '' }],
      [`/?token=${token}x`, {}],
    ];
    for (const [target, headers] of tries) {
      const r = await request(port, target, { headers });
      expect(r.status, JSON.stringify(headers) + target).toBe(401);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
  });

  it('?token= sets an HttpOnly SameSite=Strict cookie that then works alone; headers work too', async () => {
    const first = await request(port, `/?token=${token}`);
    expect(first.status).toBe(200);
    expect(first.text).toContain('EDITOR-PAGE');
    expect(first.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(first.headers['cross-origin-embedder-policy']).toBe('require-corp');
    const cookie = first.headers['set-cookie']![0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    expect(pair).toBe(`ganvas_token_${port}=${token}`);
    const again = await request(port, '/assets/app.js', { headers: { cookie: `other=1; ${pair}` } });
    expect(again.status).toBe(200);
    expect(again.text).toBe('console.log("app")');
    expect(again.headers['set-cookie']).toBeUndefined();
    expect((await request(port, '/api/runs', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await request(port, '/api/runs', { headers: { 'x-ganvas-token': token } })).status).toBe(200);
  });
});

describe('Host and Origin', () => {
  it('refuses foreign Host headers even with the token', async () => {
    for (const host of ['evil.com', `evil.com:${port}`, `127.0.0.1:${port + 1}`, `localhost.evil:${port}`, `127.0.0.1:${port}.evil.com`, '127.0.0.1']) {
      const r = await request(port, `/api/catalogue?token=${token}`, { headers: { host } });
      expect(r.status, `host "${host}"`).toBe(403);
      expect(r.json.error.code).toBe('forbidden_host');
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    // No Host at all (HTTP/1.0), sent on a raw socket.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.end(`GET /api/catalogue?token=${token} HTTP/1.0\r\n\r\n`));
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 403/);
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `127.0.0.1:${port}`]) {
      expect((await api(port, token, '/api/templates').then(() => request(port, '/api/templates', { headers: { host, 'x-ganvas-token': token } }))).status, host).toBe(200);
    }
  });

  it('refuses foreign Origin headers, null and look-alikes included, on GET and POST', async () => {
    const foreign = [
      'null',
      'http://evil.com',
      `http://127.0.0.1:${port}.evil.com`,
      `http://localhost:${port}.evil.com`,
      'http://localhost.evil',
      `http://localhost.evil:${port}`,
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1:${port + 1}`,
      `http://127.0.0.1`,
      `http://127.0.0.1:${port}/`,
    ];
    for (const origin of foreign) {
      const get = await request(port, '/api/catalogue', { headers: { origin, 'x-ganvas-token': token } });
      expect(get.status, origin).toBe(403);
      expect(get.json.error.code).toBe('forbidden_origin');
      const post = await request(port, '/api/validate', {
        method: 'POST',
        headers: { origin, 'x-ganvas-token': token, 'content-type': 'application/json' },
        body: JSON.stringify({ document: template('vae-mnist.json') }),
      });
      expect(post.status, origin).toBe(403);
      const page = await request(port, `/?token=${token}`, { headers: { origin } });
      expect(page.status).toBe(403);
      expect(page.text).not.toContain('EDITOR-PAGE');
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
      expect((await request(port, '/api/templates', { headers: { origin, 'x-ganvas-token': token } })).status, origin).toBe(200);
    }
  });

  it('checks token, Host and Origin on the WebSocket upgrade', async () => {
    const cookie = `ganvas_token_${port}=${token}`;
    expect(await connectWs(port, { origin: 'http://evil.com', headers: { cookie } })).toEqual({ status: 403 });
    expect(await connectWs(port, { origin: 'null', headers: { cookie } })).toEqual({ status: 403 });
    expect(await connectWs(port, { origin: `http://127.0.0.1:${port}.evil.com`, headers: { cookie } })).toEqual({ status: 403 });
    expect(await connectWs(port, { origin: `http://127.0.0.1:${port}`, headers: { cookie, host: 'evil.com' } })).toEqual({ status: 403 });
    expect(await connectWs(port, { origin: `http://127.0.0.1:${port}` })).toEqual({ status: 401 });
    expect(await connectWs(port, { origin: `http://127.0.0.1:${port}`, query: '?token=nope' })).toEqual({ status: 401 });
    const ok = await connectWs(port, { origin: `http://127.0.0.1:${port}`, headers: { cookie } });
    expect(ok.ws).toBeDefined();
    ok.ws!.close();
    const byQuery = await connectWs(port, { origin: `http://localhost:${port}`, query: `?token=${token}` });
    expect(byQuery.ws).toBeDefined();
    byQuery.ws!.close();
  });
});

describe('files', () => {
  const attempts = [
    '/../secret.txt',
    '/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    '/.%2e/secret.txt',
    '/secret-link.txt',
    '/dir-link/secret.txt',
    `/${encodeURIComponent(path.join(tmpdir(), 'x', '..'))}/secret.txt`,
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/assets/%00app.js',
    '/etc/passwd',
  ];

  it('serves nothing outside the editor folder', async () => {
    for (const a of attempts) {
      const r = await request(port, a, { headers: { 'x-ganvas-token': token } });
      expect([400, 403, 404], a).toContain(r.status);
      expect(r.text).not.toContain(SECRET);
      expect(r.text).not.toContain('root:');
    }
  });

  it('serves nothing outside a run directory', async () => {
    const good = await request(port, '/api/runs/manual/files/metrics.jsonl', { headers: { 'x-ganvas-token': token } });
    expect(good.status).toBe(200);
    expect(good.text).toContain('"step":1');
    expect(good.headers['content-security-policy']).toBe('sandbox');
    const runAttempts = [
      ...attempts.map((a) => `/api/runs/manual/files${a}`),
      '/api/runs/manual/files/samples/leak.png',
      '/api/runs/manual/files/..',
      '/api/runs/%2e%2e/files/secret.txt',
      '/api/runs/..%2f..%2f/files/secret.txt',
      '/api/runs/../files/secret.txt',
      '/api/runs/manual%2f..%2f../files/secret.txt',
    ];
    for (const a of runAttempts) {
      const r = await request(port, a, { headers: { 'x-ganvas-token': token } });
      expect([400, 403, 404], a).toContain(r.status);
      expect(r.text).not.toContain(SECRET);
      expect(r.text).not.toContain('root:');
    }
  });

  it('refuses absolute-form request targets', async () => {
    const r = await request(port, `http://127.0.0.1:${port}/../secret.txt`, { headers: { 'x-ganvas-token': token } });
    expect(r.status).toBe(400);
    expect(r.text).not.toContain(SECRET);
  });
});

describe('dataset assets for in-tab training', () => {
  it('serves exactly the MNIST and Fashion-MNIST class files, nothing else', async () => {
    const h = { 'x-ganvas-token': token };
    const digits = await request(port, '/api/assets/mnist/src/digits/3.json', { headers: h });
    expect(digits.status).toBe(200);
    expect(digits.headers['content-type']).toMatch(/^application\/json/);
    const parsed = JSON.parse(digits.text) as { data: number[] };
    expect(parsed.data.length % 784).toBe(0);
    expect(parsed.data.length).toBeGreaterThan(784 * 500);
    const clothes = await request(port, '/api/assets/fashion-mnist/src/clothes/9.json', { method: 'HEAD', headers: h });
    expect(clothes.status).toBe(200);
    expect(clothes.headers['content-type']).toMatch(/^application\/json/);
    expect(clothes.text).toBe('');
    for (const bad of [
      '/api/assets/mnist/package.json',
      '/api/assets/mnist/src/digits/10.json',
      '/api/assets/mnist/src/digits/..%2f..%2fpackage.json',
      '/api/assets/mnist/src/digits/../../package.json',
      '/api/assets/zod/package.json',
      '/api/assets/__proto__/x',
      '/api/assets/mnist/src%2fdigits%2f3.json%2f..%2f..%2f..%2fpackage.json',
    ]) {
      const r = await request(port, bad, { headers: h });
      expect([400, 403, 404], bad).toContain(r.status);
      expect(r.text).not.toContain('"version"');
    }
    expect((await request(port, '/api/assets/mnist/src/digits/3.json')).status).toBe(401);
  });
});

describe('bodies and errors', () => {
  it('size-limits, type-checks and validates request bodies, with JSON errors', async () => {
    const h = { 'x-ganvas-token': token, 'content-type': 'application/json' };
    const big = await request(port, '/api/validate', { method: 'POST', headers: h, body: `{"document":{"x":"${'a'.repeat(6 * 1024 * 1024)}"}}` });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('too_large');
    const bad = await request(port, '/api/validate', { method: 'POST', headers: h, body: '{"document": ' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('bad_json');
    const missing = await request(port, '/api/validate', { method: 'POST', headers: h, body: '{"doc": {}}' });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('document') });
    const form = await request(port, '/api/validate', { method: 'POST', headers: { 'x-ganvas-token': token, 'content-type': 'text/plain' }, body: '{"document":{}}' });
    expect(form.status).toBe(415);
    const run = await api(port, token, '/api/runs', 'POST', { document: template('vae-mnist.json'), steps: -1 });
    expect(run.status).toBe(400);
    expect(run.json.error.message).toMatch(/^steps:/);
    const extra = await api(port, token, '/api/runs', 'POST', { document: template('vae-mnist.json'), backend: 'gpu' });
    expect(extra.status).toBe(400);
    expect((await api(port, token, '/api/nothing')).json.error.code).toBe('not_found');
    const wrongMethod = await api(port, token, '/api/catalogue', 'DELETE');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json.error.code).toBe('method_not_allowed');
    expect((await api(port, token, '/api/runs/nope')).status).toBe(404);
    expect((await api(port, token, '/api/runs/nope/pause', 'POST')).status).toBe(404);
  });
});

describe('catalogue, templates and validation', () => {
  it('lists every installed node type with ports and JSON Schema params, by package', async () => {
    const r = await api(port, token, '/api/catalogue');
    expect(r.status).toBe(200);
    const conv = r.json.nodes.find((n: { type: string }) => n.type === 'layers.conv2d');
    expect(conv).toMatchObject({ packageName: '@ganvas/nodes-layers', version: 1, inputs: [{ name: 'x' }], outputs: [{ name: 'y' }] });
    expect(conv.params).toMatchObject({ type: 'object', properties: { filters: expect.any(Object) } });
    const layers = r.json.packages.find((p: { name: string }) => p.name === '@ganvas/nodes-layers');
    expect(layers.registered).toContain('layers.conv2d');
    expect(layers.version).toBe('0.1.0');
    expect(r.json.packages[0]).toMatchObject({ name: '@ganvas/core', registered: expect.arrayContaining(['core.network', 'core.preview']) });
  });

  it('lists the templates and returns one; unknown or escaping names are 404', async () => {
    const list = await api(port, token, '/api/templates');
    expect(list.json).toEqual(
      expect.arrayContaining([{ file: 'vae-mnist.json', name: 'VAE on MNIST', description: expect.stringContaining('ELBO') }]),
    );
    const one = await api(port, token, '/api/templates/dcgan-mnist.json');
    expect(one.json).toEqual(template('dcgan-mnist.json'));
    for (const bad of ['nope.json', '..%2fpackage.json', '%2e%2e', '..', 'dcgan-mnist.json%00']) {
      const r = await api(port, token, `/api/templates/${bad}`);
      expect([403, 404], bad).toContain(r.status);
    }
  });

  it('validates the DCGAN template: no errors, inferred contracts for nodes and network layers', async () => {
    const r = await api(port, token, '/api/validate', 'POST', { document: template('dcgan-mnist.json') });
    expect(r.status).toBe(200);
    expect(r.json.diagnostics.filter((d: { severity: string }) => d.severity === 'error')).toEqual([]);
    expect(r.json.contracts.fake.outputs.image).toMatchObject({ shape: ['B', 28, 28, 1] });
    expect(r.json.contracts.d_real.inputs.x).toMatchObject({ shape: ['B', 28, 28, 1] });
    expect(r.json.contracts.loss_d.outputs.loss).toMatchObject({ role: 'loss', shape: [] });
    expect(Object.keys(r.json.networks).sort()).toEqual(['dcgan_discriminator', 'dcgan_generator']);
    const layerShapes = Object.values(r.json.networks.dcgan_generator).flatMap((n: any) => Object.values(n.outputs).map((c: any) => c.shape));
    expect(layerShapes).toContainEqual(['B', 7, 7, expect.any(Number)]);
  });

  it('validates a broken document into diagnostics that name the node and port', async () => {
    const doc = template('dcgan-mnist.json');
    doc.edges.push({ source: 'z', sourcePort: 'z', target: 'd_real', targetPort: 'nonexistent' });
    doc.nodes.push({ id: 'ghost', type: 'layers.noSuchLayer', version: 1 });
    const r = await api(port, token, '/api/validate', 'POST', { document: doc });
    expect(r.status).toBe(200);
    const errors = r.json.diagnostics.filter((d: { severity: string }) => d.severity === 'error');
    expect(errors).toContainEqual(expect.objectContaining({ nodeId: 'ghost', message: expect.stringContaining('layers.noSuchLayer') }));
    expect(errors).toContainEqual(expect.objectContaining({ port: 'nonexistent' }));
    expect(r.json.contracts.fake.outputs.image.shape).toEqual(['B', 28, 28, 1]);
    const unparsable = await api(port, token, '/api/validate', 'POST', { document: { format: 'ganvas.graph', nodes: 3 } });
    expect(unparsable.status).toBe(200);
    expect(unparsable.json.diagnostics[0]).toMatchObject({ code: 'E012', severity: 'error' });
    expect(unparsable.json.contracts).toEqual({});
    const invalidRun = await api(port, token, '/api/runs', 'POST', { document: doc, backend: 'cpu' });
    expect(invalidRun.status).toBe(400);
    expect(invalidRun.json.error.code).toBe('invalid_document');
    expect(invalidRun.json.diagnostics.length).toBeGreaterThan(0);
  });
});

describe('POST /api/node-layers', () => {
  it("returns a plug-in network node's layer graph from its params, defaults filled", async () => {
    const r = await api(port, token, '/api/node-layers', 'POST', { type: 'style.vgg19', params: { outputs: ['block1_conv2', 'block2_conv1'] } });
    expect(r.status).toBe(200);
    const nodes = r.json.definition.nodes as { id: string; type: string }[];
    expect(nodes.filter((n) => n.type === 'layers.conv2d').map((n) => n.id)).toEqual(['block1_conv1_conv', 'block1_conv2_conv', 'block2_conv1_conv']);
    expect(nodes.filter((n) => n.type === 'core.output')).toHaveLength(2);
    // No params: the node's schema defaults (Gatys taps, down to block5_conv1).
    const defaults = await api(port, token, '/api/node-layers', 'POST', { type: 'style.vgg19' });
    expect(defaults.json.definition.nodes.filter((n: { type: string }) => n.type === 'layers.conv2d')).toHaveLength(13);
  });

  it('answers 400 with a JSON error naming the problem', async () => {
    const cases: [unknown, string, string][] = [
      [{ type: 'style.noSuch' }, 'unknown_node_type', 'no node type "style.noSuch"'],
      [{ type: 'layers.conv2d', params: {} }, 'no_layers', '"layers.conv2d" does not describe its layers'],
      [{ type: 'style.vgg19', params: { outputs: 'block1_conv1' } }, 'bad_params', 'params.outputs:'],
      [{ type: 'style.vgg19', params: { outputs: ['block9_conv9'] } }, 'bad_params', '"block9_conv9", not VGG-19 layers'],
      [{ params: {} }, 'bad_request', 'type'],
    ];
    for (const [body, code, message] of cases) {
      const r = await api(port, token, '/api/node-layers', 'POST', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.json.error.code).toBe(code);
      expect(r.json.error.message).toContain(message);
    }
  });

  it('is guarded like every route: token, Origin, method', async () => {
    const body = JSON.stringify({ type: 'style.vgg19' });
    const h = { 'content-type': 'application/json' };
    expect((await request(port, '/api/node-layers', { method: 'POST', headers: h, body })).status).toBe(401);
    const foreign = await request(port, '/api/node-layers', { method: 'POST', headers: { ...h, 'x-ganvas-token': token, origin: 'http://evil.com' }, body });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toBe('forbidden_origin');
    expect((await api(port, token, '/api/node-layers')).status).toBe(405);
  });
});

describe('the page', () => {
  it('says how to build the editor when it is not built', async () => {
    const other = await startRunner({ port: 0, runsDir: path.join(tmp, 'runs2'), editorDir: path.join(tmp, 'none'), log: () => undefined });
    try {
      const r = await request(other.port, `/?token=${other.token}`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.text).toContain('pnpm --filter @ganvas/editor build');
      expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
      // Tokens are per server.
      expect((await request(other.port, `/?token=${token}`)).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});
