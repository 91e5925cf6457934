/**
 * Constants of the byte layout described in FORMAT.md. Kept in one place so the writer and the
 * reader cannot disagree.
 */
export const MAGIC = new Uint8Array([0x89, 0x47, 0x50, 0x55, 0x56, 0x49, 0x5a, 0x0a]); // \x89GPUVIZ\n
export const FORMAT_VERSION = 1;
/** Magic (8) + version (u32) + total byte length (u32). */
export const FILE_HEADER_BYTES = 16;
/** Tag (4 ASCII bytes) + payload length (u32). */
export const SECTION_HEADER_BYTES = 8;

export const TAG_CONFIG = 'CONF';
export const TAG_JOBS = 'JOBS';
export const TAG_ROUNDS = 'RNDS';
export const TAG_ALLOCATION = 'ALOC';
export const TAG_END = 'END.';

export const SECTION_NAMES: Record<string, string> = {
  [TAG_CONFIG]: 'CONF section (config JSON)',
  [TAG_JOBS]: 'JOBS section (job table)',
  [TAG_ROUNDS]: 'RNDS section (round metrics)',
  [TAG_ALLOCATION]: 'ALOC section (GPU allocation intervals)',
  [TAG_END]: 'END. section (checksum)',
  FRAC: 'FRAC section (fractional GPU occupancy)',
};

export function align8(n: number): number {
  return (n + 7) & ~7;
}

/** Typed-array views assume little-endian memory; every current browser and Node platform is. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256 * 4);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  // Slicing-by-4 tables: four bytes per step, about three times faster than one.
  for (let n = 0; n < 256; n++) {
    let c = table[n]!;
    for (let s = 1; s < 4; s++) {
      c = table[c & 0xff]! ^ (c >>> 8);
      table[s * 256 + n] = c >>> 0;
    }
  }
  return table;
})();

/** CRC-32 (IEEE, as zlib and PNG) of bytes[0, end). */
export function crc32(bytes: Uint8Array, end: number = bytes.length): number {
  const t = CRC_TABLE;
  let crc = 0xffffffff;
  let i = 0;
  const words = end - 3;
  for (; i < words; i += 4) {
    crc ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    crc =
      t[768 + (crc & 0xff)]! ^
      t[512 + ((crc >>> 8) & 0xff)]! ^
      t[256 + ((crc >>> 16) & 0xff)]! ^
      t[crc >>> 24]!;
  }
  for (; i < end; i++) crc = t[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
