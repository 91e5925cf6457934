/**
 * Colours as ImageData pixels (Uint32, little-endian ABGR). A job family (job type) owns a hue;
 * jobs of the family vary in lightness and saturation so neighbours stay distinguishable, and the
 * same job always gets the same colour.
 */
export function packRgb(r: number, g: number, b: number, a = 255): number {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

export function cssToPixel(css: string): number {
  const m = /^#([0-9a-f]{6})$/i.exec(css.trim());
  if (m) {
    const v = Number.parseInt(m[1]!, 16);
    return packRgb((v >> 16) & 255, (v >> 8) & 255, v & 255);
  }
  const rgb = /rgba?\((\d+)[ ,]+(\d+)[ ,]+(\d+)/.exec(css);
  return rgb ? packRgb(Number(rgb[1]), Number(rgb[2]), Number(rgb[3])) : packRgb(128, 128, 128);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return [Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255)];
}

/** Hue of family f of `families`: spread by the golden angle so any count stays apart. */
export function familyHue(family: number): number {
  return (family * 137.508 + 20) % 360;
}

export function familyCss(family: number): string {
  return `hsl(${familyHue(family).toFixed(0)} 65% 50%)`;
}

/** The same colour, translucent (for bands). */
export function familyCssAlpha(family: number, alpha: number): string {
  return `hsl(${familyHue(family).toFixed(0)} 65% 50% / ${alpha})`;
}

/** A small integer hash so a job's shade depends on its id, not its position. */
function hash(n: number): number {
  let x = Math.imul(n ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export interface JobPalette {
  normal: Uint32Array;
  /** Faded colours for jobs other than the selected one. */
  faded: Uint32Array;
}

export function jobPalette(jobIds: Int32Array, family: Uint32Array, dark: boolean): JobPalette {
  const normal = new Uint32Array(jobIds.length);
  const faded = new Uint32Array(jobIds.length);
  const background = dark ? 30 : 245;
  for (let j = 0; j < jobIds.length; j++) {
    const h = hash(jobIds[j]!);
    const light = 0.38 + ((h & 0xff) / 255) * 0.3;
    const sat = 0.5 + (((h >>> 8) & 0xff) / 255) * 0.4;
    const [r, g, b] = hslToRgb(familyHue(family[j]!), sat, light);
    normal[j] = packRgb(r, g, b);
    const mix = (c: number) => Math.round(c * 0.25 + background * 0.75);
    faded[j] = packRgb(mix(r), mix(g), mix(b));
  }
  return { normal, faded };
}
