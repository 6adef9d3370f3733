// CRC-32 (IEEE), as stored in zip headers, to verify that extracted data is what the archive declared.

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Incremental CRC-32: feed chunks with `update`, read the value with `digest`. */
export class Crc32 {
  private crc = 0xffffffff;
  update(bytes: Uint8Array): void {
    let crc = this.crc;
    for (let i = 0; i < bytes.length; i++) crc = (TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
    this.crc = crc;
  }
  digest(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}
