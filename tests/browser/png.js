// Shrinks a screenshot for the repository: decodes Chromium's truecolour PNG and re-encodes it
// with a palette of at most 256 colours (popularity over 5-bit-per-channel buckets, which keeps
// the text's anti-aliasing ramps). Screenshots of text pages come out at a third of the size and
// look the same. Only what Chromium writes is supported: 8-bit RGB/RGBA, not interlaced.

import fs from 'node:fs';
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function decode(buffer) {
  if (!buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width, height, channels;
  const idat = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const data = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || ![2, 6].includes(colour) || interlace !== 0) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour})`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[x - channels] : 0;
      const b = prev ? prev[x] : 0;
      const c = prev && x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32 ? zlib.crc32(Buffer.concat([head.subarray(4), data])) : crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

let table;
function crc32(bytes) {
  table ??= Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let c = 0xffffffff;
  for (const byte of bytes) c = table[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Rewrites the PNG at `file` with a palette; returns the new size in bytes. */
export function quantizePng(file) {
  const { width, height, channels, pixels } = decode(fs.readFileSync(file));
  const count = width * height;
  const key = (i) => ((pixels[i] >> 3) << 10) | ((pixels[i + 1] >> 3) << 5) | (pixels[i + 2] >> 3);
  const histogram = new Map();
  for (let p = 0; p < count; p++) {
    const k = key(p * channels);
    histogram.set(k, (histogram.get(k) ?? 0) + 1);
  }
  // The most used buckets, each as the exact colour of its first pixel would drift; use the
  // bucket's average instead.
  const top = [...histogram].sort((a, b) => b[1] - a[1]).slice(0, 256).map(([k]) => k);
  const sums = new Map(top.map((k) => [k, [0, 0, 0, 0]]));
  for (let p = 0; p < count; p++) {
    const s = sums.get(key(p * channels));
    if (s) { s[0] += pixels[p * channels]; s[1] += pixels[p * channels + 1]; s[2] += pixels[p * channels + 2]; s[3]++; }
  }
  const palette = top.map((k) => sums.get(k)).map(([r, g, b, n]) => [Math.round(r / n), Math.round(g / n), Math.round(b / n)]);
  const nearest = new Map();
  const indexOf = (i) => {
    const k = key(i);
    let best = nearest.get(k);
    if (best === undefined) {
      const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
      let bestDistance = Infinity;
      palette.forEach(([pr, pg, pb], j) => {
        const d = 2 * (pr - r) ** 2 + 4 * (pg - g) ** 2 + 3 * (pb - b) ** 2;
        if (d < bestDistance) { bestDistance = d; best = j; }
      });
      nearest.set(k, best);
    }
    return best;
  };
  const rows = Buffer.alloc(height * (width + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) rows[y * (width + 1) + 1 + x] = indexOf((y * width + x) * channels);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 3, 0, 0, 0], 8);
  const png = Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from(palette.flat())),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  fs.writeFileSync(file, png);
  return png.length;
}
