// Draws the mobile till's app icons (192 and 512 px, plus a maskable 512 with its art inside the
// safe zone) into desktop/src/mobile/public/icons. Run once after changing the design:
// `node scripts/mobile-icons.mjs`. Plain shapes, so no image tool is needed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'desktop', 'src', 'mobile', 'public', 'icons');
const green = [0x0b, 0x6e, 0x4f];
const white = [0xff, 0xff, 0xff];

/** A receipt (white, with three green lines) on green; `inset` is the share of the side left as margin. */
function draw(size, inset, roundedCorners) {
  const png = new PNG({ width: size, height: size });
  const radius = roundedCorners ? size * 0.18 : 0;
  const paper = { x0: size * (0.5 - (0.5 - inset) * 0.62), x1: size * (0.5 + (0.5 - inset) * 0.62), y0: size * inset, y1: size * (1 - inset) };
  const lineH = (paper.y1 - paper.y0) * 0.07;
  const lines = [0.25, 0.42, 0.59].map((f) => paper.y0 + (paper.y1 - paper.y0) * f);
  const total = paper.y0 + (paper.y1 - paper.y0) * 0.78;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      const cx = Math.min(x, size - 1 - x);
      const cy = Math.min(y, size - 1 - y);
      const outside = radius > 0 && cx < radius && cy < radius && Math.hypot(radius - cx, radius - cy) > radius;
      let colour = green;
      const onPaper = x >= paper.x0 && x <= paper.x1 && y >= paper.y0 && y <= paper.y1;
      // A torn bottom edge: small teeth.
      const tooth = (paper.x1 - paper.x0) / 8;
      const torn = y > paper.y1 - tooth / 2 && ((x - paper.x0) % tooth) / tooth > 0.5 + (paper.y1 - y) / tooth;
      if (onPaper && !torn) colour = white;
      const margin = (paper.x1 - paper.x0) * 0.15;
      const inLine = lines.some((ly) => y >= ly && y < ly + lineH) && x > paper.x0 + margin && x < paper.x1 - margin;
      const inTotal = y >= total && y < total + lineH * 1.6 && x > paper.x0 + (paper.x1 - paper.x0) * 0.45 && x < paper.x1 - margin;
      if (onPaper && (inLine || inTotal)) colour = green;
      png.data[i] = colour[0];
      png.data[i + 1] = colour[1];
      png.data[i + 2] = colour[2];
      png.data[i + 3] = outside ? 0 : 255;
    }
  }
  return PNG.sync.write(png);
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon-192.png'), draw(192, 0.14, true));
writeFileSync(join(out, 'icon-512.png'), draw(512, 0.14, true));
// Maskable: full bleed, the art inside the central 80% circle the launcher may keep.
writeFileSync(join(out, 'icon-maskable-512.png'), draw(512, 0.24, false));
console.log(`icons written to ${out}`);
