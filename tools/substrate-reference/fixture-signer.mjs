// A commit-reveal signer for the Chain.Subtensor tests (docs/chain-subtensor.md, "External signer"), written against
// the independent @polkadot references: reads the request on stdin, signs SubtensorModule.commit_timelocked_weights
// (with random bytes standing in for the drand ciphertext) with the wallet's hotkey, submits it over HTTP JSON-RPC and
// answers {"status":"submitted","extrinsicHash","blockHash"}.
//   node fixture-signer.mjs MODE REQUEST_COPY
// MODE: commit | wrong-call (submits System.remark) | refuse | exit3 | hang | garbage | flood | wrong-hash.
// REQUEST_COPY: where the request received is written, for the test to check.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { TypeRegistry, Metadata } from "@polkadot/types";
import { expandMetadata } from "@polkadot/types/metadata/decorate";
import { u8aToHex, hexToU8a } from "@polkadot/util";
import { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, blake2AsHex, blake2AsU8a, encodeAddress } from "@polkadot/util-crypto";

const [mode, copy] = process.argv.slice(2);
const request = JSON.parse(readFileSync(0, "utf8"));
writeFileSync(copy, JSON.stringify(request));
// Exit only once the write is flushed: process.exit() right after a write to a pipe can drop its tail.
const write = (stream, text, code) => stream.write(text, () => process.exit(code));
const done = (answer) => write(process.stdout, JSON.stringify(answer), 0);
if (mode === "refuse") done({ status: "refused", reason: "drand is unreachable" });
else if (mode === "exit3") write(process.stderr, "loading wallet\nwrong password for the hotkey\n", 3);
else if (mode === "hang") setInterval(() => {}, 1000);
else if (mode === "garbage") write(process.stdout, "{\"status\":", 0);
else if (mode === "flood") write(process.stdout, "x".repeat(1 << 20), 0);
else {
  await cryptoWaitReady();
  const http = request.endpoint.replace(/^ws/, "http");
  let id = 0;
  const rpc = async (method, params) => {
    const r = await fetch(http, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
    const j = await r.json();
    if (j.error) throw new Error(`${method}: ${j.error.message}`);
    return j.result;
  };
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, await rpc("state_getMetadata", [request.block.hash]));
  registry.setMetadata(metadata);
  const tx = expandMetadata(registry, metadata).tx;
  const wallet = JSON.parse(readFileSync(join(request.wallet.path, request.wallet.name, "hotkeys", request.wallet.hotkey), "utf8"));
  const pair = sr25519PairFromSeed(hexToU8a(wallet.secretSeed));
  const address = encodeAddress(pair.publicKey, 42);
  if (address !== request.hotkey) throw new Error("the wallet's hotkey is not the request's");
  const call = mode === "wrong-call"
    ? tx.system.remark("0x0102")
    : tx.subtensorModule.commitTimelockedWeights(request.netuid, u8aToHex(randomBytes(96)), 1234567, 4);
  const version = await rpc("state_getRuntimeVersion", [request.block.hash]);
  const payloadValue = {
    method: call.toHex(), era: registry.createType("ExtrinsicEra", { current: request.block.number, period: 64 }).toHex(),
    nonce: await rpc("system_accountNextIndex", [address]), tip: 0, specVersion: version.specVersion, transactionVersion: version.transactionVersion,
    genesisHash: await rpc("chain_getBlockHash", [0]), blockHash: request.block.hash, mode: 0, version: 4,
  };
  const payload = registry.createType("ExtrinsicPayload", payloadValue, { version: 4 }).toU8a({ method: true });
  const signature = sr25519Sign(payload.length > 256 ? blake2AsU8a(payload) : payload, pair);
  const ext = registry.createType("Extrinsic", call, { version: 4 });
  ext.addSignature(address, u8aToHex(new Uint8Array([1, ...signature])), payloadValue);
  await rpc("author_submitExtrinsic", [ext.toHex()]);
  const best = await rpc("chain_getHeader", []);
  const blockHash = await rpc("chain_getBlockHash", [parseInt(best.number, 16)]);
  done({ status: "submitted", extrinsicHash: mode === "wrong-hash" ? u8aToHex(randomBytes(32)) : blake2AsHex(ext.toU8a(), 256), blockHash });
}
