// Signing/verification timings of the npm references for bench/Subtensor.Bench (same key, message and count).
//   node bench-sign.mjs COUNT SEED_HEX MESSAGE_HEX   ->  {"polkadotSignUs","scureSignUs","polkadotVerifyUs","scureVerifyUs"} (µs per operation)
import { hexToU8a } from "@polkadot/util";
import { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign, sr25519Verify } from "@polkadot/util-crypto";
import * as scure from "@scure/sr25519";

const [count, seedHex, messageHex] = process.argv.slice(2);
const n = Number(count), seed = hexToU8a(seedHex), message = hexToU8a(messageHex);
await cryptoWaitReady();
const pair = sr25519PairFromSeed(seed);
const secret = scure.secretFromSeed(seed);
const time = (f) => { for (let i = 0; i < Math.min(n, 200); i++) f(); const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) f(); return Number(process.hrtime.bigint() - t) / 1000 / n; };
const sigP = sr25519Sign(message, pair), sigS = scure.sign(secret, message);
process.stdout.write(JSON.stringify({
  polkadotSignUs: time(() => sr25519Sign(message, pair)),
  scureSignUs: time(() => scure.sign(secret, message)),
  polkadotVerifyUs: time(() => sr25519Verify(message, sigP, pair.publicKey)),
  scureVerifyUs: time(() => scure.verify(message, sigS, pair.publicKey)),
}));
