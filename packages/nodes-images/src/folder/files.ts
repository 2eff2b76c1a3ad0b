import type { Host } from '@ganvas/core';
import type { RgbImage } from './decode.js';

/** Listing and reading image folders through the engine's Host. */

const IMAGE_EXTENSIONS = /\.(png|jpe?g)$/i;

export function joinPath(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : `${dir.replace(/[\\/]+$/, '')}/${name}`;
}

/** Image files (.png, .jpg, .jpeg) of a folder, sorted by name; other files are ignored. */
export async function listImages(host: Host, dir: string, what: string): Promise<string[]> {
  if (!host.listDir) {
    throw new Error(`${what}: this host cannot list folders (it has no listDir), so it cannot read the image folder ${dir}; run it with the Node host (the ganvas CLI)`);
  }
  let names: string[];
  try {
    names = await host.listDir(dir);
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}`);
  }
  const images = names.filter((n) => IMAGE_EXTENSIONS.test(n)).sort();
  if (images.length === 0) throw new Error(`${what}: no .png, .jpg or .jpeg images in ${dir}`);
  return images;
}

export type OnBadImage = 'error' | 'skip';

/**
 * Read and decode one file; a failure either throws (naming the file) or, with `skip`, logs
 * a warning naming it and returns undefined.
 */
export async function readImage(host: Host, file: string, onBad: OnBadImage, what: string): Promise<RgbImage | undefined> {
  // Decoders load on first use: pngjs needs Node's zlib, and importing this package's index
  // in a browser (for the synthetic sources) must not pull it in.
  const { decodeImage } = await import('./decode.js');
  try {
    return decodeImage(await host.readFile(file), file);
  } catch (e) {
    const message = (e as Error).message;
    // Host errors may not name the file; decode errors already start with it.
    const named = message.includes(file) ? message : `${file}: ${message}`;
    if (onBad === 'error') throw new Error(`${what}: ${named} (set onBadImage: "skip" to leave such files out)`);
    host.log('warn', `${what}: skipping ${named}`);
    return undefined;
  }
}

/** Read, check and prepare every file; refuses to end with no usable image. */
export async function loadAll<T>(
  host: Host,
  files: string[],
  onBad: OnBadImage,
  what: string,
  use: (img: RgbImage, file: string, index: number) => T,
): Promise<{ items: T[]; kept: number[] }> {
  const items: T[] = [];
  const kept: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const img = await readImage(host, files[i]!, onBad, what);
    if (!img) continue;
    try {
      items.push(use(img, files[i]!, i));
      kept.push(i);
    } catch (e) {
      const named = `${files[i]}: ${(e as Error).message}`;
      if (onBad === 'error') throw new Error(`${what}: ${named} (set onBadImage: "skip" to leave such files out)`);
      host.log('warn', `${what}: skipping ${named}`);
    }
  }
  if (items.length === 0) throw new Error(`${what}: none of the ${files.length} images could be used`);
  return { items, kept };
}
