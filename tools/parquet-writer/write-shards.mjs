// Writes one shard_00000.parquet per writer configuration under <out>/<name>/ (arrow-rs through parquet-wasm: every
// codec, dictionary on and off, data page v1 and v2, page statistics, small pages and several row groups), with a
// `text` column and a second `id` column, and <out>/expected.json with the texts. Usage: node write-shards.mjs <out>
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
import { tableToIPC, vectorFromArray, Utf8, Table } from 'apache-arrow';

const pw = createRequire(import.meta.url)('parquet-wasm/node');
const out = process.argv[2];
const texts = [];
for (let i = 0; i < 3000; i++) {
  texts.push(i % 17 === 0 ? null : i % 5 === 0 ? 'repeated text ' + (i % 3) : ('row ' + i + ' ').repeat(1 + (i % 40)) + '\u00e9\u4f60');
}
const ipc = tableToIPC(new Table({ text: vectorFromArray(texts, new Utf8()), id: vectorFromArray(texts.map((_, i) => i)) }), 'stream');
const C = pw.Compression;
const configs = {
  'snappy-dictionary': b => b.setCompression(C.SNAPPY),
  'zstd': b => b.setCompression(C.ZSTD),
  'gzip': b => b.setCompression(C.GZIP),
  'brotli': b => b.setCompression(C.BROTLI),
  'lz4-raw': b => b.setCompression(C.LZ4_RAW),
  'uncompressed-plain': b => b.setCompression(C.UNCOMPRESSED).setDictionaryEnabled(false),
  'snappy-small-pages-page-statistics': b => b.setCompression(C.SNAPPY).setDataPageSizeLimit(512).setStatisticsEnabled(pw.EnabledStatistics.Page).setMaxRowGroupSize(700),
  'v2-snappy': b => b.setCompression(C.SNAPPY).setWriterVersion(pw.WriterVersion.V2).setDataPageSizeLimit(2048),
  'v2-zstd-plain': b => b.setCompression(C.ZSTD).setWriterVersion(pw.WriterVersion.V2).setDictionaryEnabled(false),
};
for (const [name, configure] of Object.entries(configs)) {
  const bytes = pw.writeParquet(pw.Table.fromIPCStream(ipc), configure(new pw.WriterPropertiesBuilder()).build());
  fs.mkdirSync(path.join(out, name), { recursive: true });
  fs.writeFileSync(path.join(out, name, 'shard_00000.parquet'), bytes);
}
fs.writeFileSync(path.join(out, 'expected.json'), JSON.stringify(texts));
