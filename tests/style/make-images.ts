// Writes the template's synthetic content and style images:
//   npx tsx tests/style/make-images.ts   (or through vitest: see template.test.ts)
import fs from 'node:fs';
import path from 'node:path';
import { encodeJpeg, encodePng } from '@ganvas/host-node';
import { contentScene, stylePainting } from './synthetic.js';

export function writeTemplateImages(dir: string, size = 256): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'content.png'), encodePng(size, size, 3, contentScene(size, size)));
  fs.writeFileSync(path.join(dir, 'style.jpg'), encodeJpeg(size, size, stylePainting(size, size), 90));
}
