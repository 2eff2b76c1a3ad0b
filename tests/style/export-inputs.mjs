// Writes the template's content and style images as decoded by ganvas (256×256 RGB in [0,1],
// float32 NHWC) for the PyTorch measurement: node tests/style/export-inputs.mjs <dir>
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selectBackend } from '@ganvas/backend';
import { createNodeHost } from '@ganvas/host-node';
import { imageTensor, readImageFile } from '@ganvas/nodes-style';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = path.resolve(process.argv[2] ?? 'runs/style-bench');
await selectBackend('cpu');
const host = createNodeHost({ baseDir: path.resolve(here, '../../templates/style-transfer'), log: () => {} });
fs.mkdirSync(dir, { recursive: true });
for (const [name, file] of [['content', 'content.png'], ['style', 'style.jpg']]) {
  const t = imageTensor(await readImageFile(host, file), 256, 256, 'cover');
  fs.writeFileSync(path.join(dir, `${name}.f32`), Buffer.from((await t.data()).buffer));
  t.dispose();
}
console.log(`wrote ${dir}/content.f32, style.f32 [1,256,256,3]`);
