/**
 * A camera for headless Chromium: a Y4M video (Chromium's --use-file-for-fake-video-capture) of one still
 * frame, a QR code image centred on white. Y4M is raw 4:2:0 YUV, so a black-and-white picture is its luma
 * plane with neutral chroma — no encoder needed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { PNG } from 'pngjs';

const SIZE = 480;

/** Writes `y4mFile`: the PNG `pngFile` (a QR code) scaled to fit a 480×480 white frame. */
export const writeCameraVideo = async (pngFile: string, y4mFile: string): Promise<void> => {
  const png = PNG.sync.read(await readFile(pngFile));
  const scale = Math.floor((SIZE * 0.8) / Math.max(png.width, png.height));
  const offsetX = Math.floor((SIZE - png.width * scale) / 2);
  const offsetY = Math.floor((SIZE - png.height * scale) / 2);
  const luma = Buffer.alloc(SIZE * SIZE, 235);
  for (let y = 0; y < png.height * scale; y += 1)
    for (let x = 0; x < png.width * scale; x += 1) {
      const source = (Math.floor(y / scale) * png.width + Math.floor(x / scale)) * 4;
      luma[(offsetY + y) * SIZE + offsetX + x] = png.data[source] < 128 ? 16 : 235;
    }
  const chroma = Buffer.alloc((SIZE / 2) * (SIZE / 2) * 2, 128);
  const header = Buffer.from(`YUV4MPEG2 W${SIZE} H${SIZE} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(y4mFile, Buffer.concat([header, Buffer.from('FRAME\n'), luma, chroma]));
};
