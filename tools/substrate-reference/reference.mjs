// Independent Substrate references for the Chain.Subtensor tests: @polkadot/util(-crypto) and @polkadot/types.
//   node reference.mjs IN.json OUT.json    IN: JSON array of operations; OUT: JSON array of results, one per operation.
//   node reference.mjs --serve             the same, one JSON array per stdin line, one {"ok"|"error"} line back.
// Operations (hex strings are 0x-prefixed):
//   {"op":"compact","values":["0","64",...]}                -> ["0x00",...]
//   {"op":"twox","bits":128,"data":["0x..",...]}             -> ["0x..",...]
//   {"op":"blake2","bits":256,"data":["0x..",...]}           -> ["0x..",...]
//   {"op":"ss58encode","prefix":42,"keys":["0x..",...]}      -> ["5F..",...]
//   {"op":"ss58decode","addresses":["5F..",...]}              -> ["0x.." or null,...]
//   {"op":"encode","type":"Vec<u16>","values":[...]}         -> ["0x..",...]   (u8aToHex(registry.createType(type, v).toU8a()))
//   {"op":"decode","type":"Option<Text>","data":["0x..",...]} -> [toJSON(),...]
//   {"op":"storageKey","metadata":"FILE","pallet":"subtensorModule","item":"uids","args":[[1,"5F.."],...]} -> ["0x..",...]
//   {"op":"metadataSummary","metadata":"FILE"}               -> {version, pallets:[...], signedExtensions:[...]}
//   {"op":"extrinsic","metadata":"FILE","pallet":"subtensorModule","call":"setWeights","args":[..],"nonce":N,"current":B,"period":P,
//    "blockHash","genesisHash","specVersion","transactionVersion","signer":"5..","signature":"0x.."}
//                                                            -> {call, era, payload (signing payload, unhashed), extrinsic}
//   {"op":"call","metadata":"FILE","pallet":"commitments","call":"setCommitment","args":[..]} -> "0x.." (the call's bytes)
//   {"op":"decodeExtrinsic","metadata":"FILE","data":"0x.."}  -> {signer, signature, nonce, section, method, args, era}
//   {"op":"ristrettoBaseMul","scalars":["1","12345",...]}    -> ["hex encoding of k·B",...]   (@noble/curves, under @scure/sr25519)
//   {"op":"sr25519FromSeed","seeds":["0x.."]}               -> [{"polkadot":{publicKey,secretKey},"scure":{publicKey,secretKey}}]
//   {"op":"sr25519Sign","items":[{"seed":"0x..","message":"0x.."}]}  -> [{"polkadot":"0x..sig","scure":"0x..sig"}]
//   {"op":"sr25519Verify","items":[{"publicKey","message","signature"}]} -> [{"polkadot":bool,"scure":bool}]
//   {"op":"storageEntries","metadata":"FILE","pallet":"commitments","item":"commitmentOf","entries":[{"args":[..],"value":..}]}
//                                                            -> [{"key":"0x..","value":"0x.."},...]  (value encoded by its metadata type)
// FILE is a binary metadata file (optionally gzipped): "meta" magic + version, or Option<OpaqueMetadata> as returned by
// Metadata_metadata_at_version.
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { TypeRegistry, Metadata } from "@polkadot/types";
import { expandMetadata } from "@polkadot/types/metadata/decorate";
import { compactToU8a, compactStripLength, hexToU8a, u8aToHex } from "@polkadot/util";
import { xxhashAsHex, blake2AsHex, encodeAddress, decodeAddress, cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify } from "@polkadot/util-crypto";
import * as scure from "@scure/sr25519";
import { RistrettoPoint } from "@noble/curves/ed25519";

const metadataCache = new Map();

function loadMetadata(file) {
  if (metadataCache.has(file)) return metadataCache.get(file);
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  if (bytes[0] === 0x01) bytes = compactStripLength(bytes.subarray(1))[1]; // Option<OpaqueMetadata>
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata);
  const entry = { registry, metadata, decorated: expandMetadata(registry, metadata) };
  metadataCache.set(file, entry);
  return entry;
}

function summary(file) {
  const { registry, metadata } = loadMetadata(file);
  const latest = metadata.asLatest;
  const pallets = latest.pallets.map((p) => {
    const calls = [];
    if (p.calls.isSome) {
      const def = registry.lookup.getSiType(p.calls.unwrap().type).def.asVariant;
      for (const v of def.variants) {
        calls.push({ name: v.name.toString(), index: v.index.toNumber(), args: v.fields.map((f) => f.name.unwrapOr("").toString()) });
      }
    }
    const storage = p.storage.isSome
      ? p.storage.unwrap().items.map((s) => ({
          name: s.name.toString(),
          modifier: s.modifier.toString(),
          hashers: s.type.isMap ? s.type.asMap.hashers.map((h) => h.toString()) : [],
          value: (s.type.isMap ? s.type.asMap.value : s.type.asPlain).toNumber(),
        }))
      : [];
    const constants = p.constants.map((c) => ({ name: c.name.toString(), value: c.value.toHex() }));
    return { name: p.name.toString(), index: p.index.toNumber(), calls, storage, constants };
  });
  return {
    version: metadata.version,
    types: registry.lookup.types.length,
    pallets,
    signedExtensions: (latest.extrinsic.signedExtensions ?? latest.extrinsic.transactionExtensions).map((e) => e.identifier.toString()),
  };
}

function run(op) {
  switch (op.op) {
    case "compact": return op.values.map((v) => u8aToHex(compactToU8a(BigInt(v))));
    case "twox": return op.data.map((d) => xxhashAsHex(hexToU8a(d), op.bits));
    case "blake2": return op.data.map((d) => blake2AsHex(hexToU8a(d), op.bits));
    case "ss58encode": return op.keys.map((k) => encodeAddress(hexToU8a(k), op.prefix));
    case "ss58decode": return op.addresses.map((a) => { try { return u8aToHex(decodeAddress(a)); } catch { return null; } });
    case "encode": { const r = new TypeRegistry(); return op.values.map((v) => u8aToHex(r.createType(op.type, v).toU8a())); }
    case "decode": { const r = new TypeRegistry(); return op.data.map((d) => r.createType(op.type, hexToU8a(d)).toJSON()); }
    case "storageKey": {
      const { decorated } = loadMetadata(op.metadata);
      const fn = decorated.query[op.pallet][op.item];
      return op.args.map((a) => u8aToHex(compactStripLength(fn(...a))[1]));
    }
    case "metadataSummary": return summary(op.metadata);
    case "extrinsic": {
      const { registry, decorated } = loadMetadata(op.metadata);
      const call = decorated.tx[op.pallet][op.call](...op.args);
      const payloadValue = {
        method: call.toHex(), era: registry.createType("ExtrinsicEra", { current: op.current, period: op.period }).toHex(),
        nonce: op.nonce, tip: 0, specVersion: op.specVersion, transactionVersion: op.transactionVersion,
        genesisHash: op.genesisHash, blockHash: op.blockHash, mode: 0, version: 4,
      };
      const payload = registry.createType("ExtrinsicPayload", payloadValue, { version: 4 });
      const ext = registry.createType("Extrinsic", call, { version: 4 });
      ext.addSignature(op.signer, op.signature, payloadValue);
      return { call: call.toHex(), era: payloadValue.era, payload: u8aToHex(payload.toU8a({ method: true })), extrinsic: ext.toHex() };
    }
    case "call": return loadMetadata(op.metadata).decorated.tx[op.pallet][op.call](...op.args).toHex();
    case "decodeExtrinsic": {
      const { registry } = loadMetadata(op.metadata);
      const ext = registry.createType("Extrinsic", hexToU8a(op.data));
      return { signer: ext.signer.toString(), signature: ext.signature.toHex(), nonce: ext.nonce.toNumber(), section: ext.method.section,
               method: ext.method.method, args: ext.method.args.map((a) => a.toJSON()), era: ext.era.toHex() };
    }
    case "ristrettoBaseMul": return op.scalars.map((k) => RistrettoPoint.BASE.multiply(BigInt(k)).toHex());
    case "sr25519FromSeed": return op.seeds.map((seed) => {
      const pair = sr25519PairFromSeed(hexToU8a(seed));
      const secret = scure.secretFromSeed(hexToU8a(seed));
      return { polkadot: { publicKey: u8aToHex(pair.publicKey), secretKey: u8aToHex(pair.secretKey) },
               scure: { publicKey: u8aToHex(scure.getPublicKey(secret)), secretKey: u8aToHex(secret) } };
    });
    case "sr25519Sign": return op.items.map((it) => {
      const pair = sr25519PairFromSeed(hexToU8a(it.seed));
      return { polkadot: u8aToHex(sr25519Sign(hexToU8a(it.message), pair)),
               scure: u8aToHex(scure.sign(scure.secretFromSeed(hexToU8a(it.seed)), hexToU8a(it.message))) };
    });
    case "sr25519Verify": return op.items.map((it) => ({
      polkadot: sr25519Verify(hexToU8a(it.message), hexToU8a(it.signature), hexToU8a(it.publicKey)),
      scure: (() => { try { return scure.verify(hexToU8a(it.message), hexToU8a(it.signature), hexToU8a(it.publicKey)); } catch { return false; } })(),
    }));
    case "storageEntries": {
      const { registry, decorated } = loadMetadata(op.metadata);
      const fn = decorated.query[op.pallet][op.item];
      const valueType = fn.meta.type.isMap ? fn.meta.type.asMap.value : fn.meta.type.asPlain;
      return op.entries.map((e) => ({
        key: u8aToHex(compactStripLength(fn(...e.args))[1]),
        value: u8aToHex(registry.createType(registry.createLookupType(valueType), e.value).toU8a()),
      }));
    }
    default: throw new Error(`unknown op ${op.op}`);
  }
}

const args = process.argv.slice(2);
await cryptoWaitReady();
if (args[0] === "--serve") {
  // One JSON array of operations per stdin line; one JSON line back ({"ok": results} or {"error": message}).
  const { createInterface } = await import("node:readline");
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    let reply;
    try { reply = { ok: JSON.parse(line).map(run) }; } catch (e) { reply = { error: String(e && e.stack || e) }; }
    process.stdout.write(JSON.stringify(reply) + "\n");
  }
} else if (args.length === 2) {
  const ops = JSON.parse(readFileSync(args[0], "utf8"));
  writeFileSync(args[1], JSON.stringify(ops.map(run)));
} else {
  process.stderr.write("usage: node reference.mjs IN.json OUT.json | --serve\n");
  process.exit(2);
}
