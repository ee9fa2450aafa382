using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tournament.Plugins.Chain.Subtensor.Signing;

// sr25519 signing and verification in C# against the npm references measured in the same run (same key, message and
// count), and the constant-time scalar step of signing against the BigInteger arithmetic it replaced.
int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
byte[] seed = RandomNumberGenerator.GetBytes(32);
byte[] message = RandomNumberGenerator.GetBytes(150); // about a set_weights signing payload
Sr25519Keypair pair = Sr25519.FromSeed(seed);
byte[] signature = Sr25519.Sign(pair, message);

double signUs = Time(count, () => Sr25519.Sign(pair, message));
double verifyUs = Time(count, () => Sr25519.Verify(pair.PublicKey, message, signature));

BigInteger l = Scalar25519.L;
byte[] wide = RandomNumberGenerator.GetBytes(64), k = Scalar25519.FromWide(RandomNumberGenerator.GetBytes(64)), r = Scalar25519.FromWide(wide);
double scalarUs = Time(count * 10, () => Scalar25519.MulAdd(k, pair.Key, Scalar25519.FromWide(wide)));
double bigUs = Time(count * 10, () =>
{
    BigInteger rr = new BigInteger(wide, isUnsigned: true) % l;
    return (((new BigInteger(k, isUnsigned: true) * new BigInteger(pair.Key, isUnsigned: true)) + rr) % l).ToByteArray();
});

JsonObject npm = Npm(count, seed, message);
double polkadotSign = (double)npm["polkadotSignUs"]!, scureSign = (double)npm["scureSignUs"]!;
double polkadotVerify = (double)npm["polkadotVerifyUs"]!, scureVerify = (double)npm["scureVerifyUs"]!;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sr25519, {count} operations each, {message.Length}-byte message ({Environment.ProcessorCount} cores, {RuntimeVersion()})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sign   C# {signUs,8:F1} µs | @polkadot (wasm) {polkadotSign,8:F1} µs ({signUs / polkadotSign:F2}x) | @scure {scureSign,8:F1} µs ({signUs / scureSign:F2}x)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify C# {verifyUs,8:F1} µs | @polkadot (wasm) {polkadotVerify,8:F1} µs ({verifyUs / polkadotVerify:F2}x) | @scure {scureVerify,8:F1} µs ({verifyUs / scureVerify:F2}x)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scalar step (reduce r, k·key + r): constant-time limbs {scalarUs:F2} µs | BigInteger {bigUs:F2} µs ({scalarUs / bigUs:F2}x)"));

static double Time<T>(int n, Func<T> f)
{
    for (int i = 0; i < Math.Min(n, 200); i++)
    {
        f();
    }

    var watch = Stopwatch.StartNew();
    for (int i = 0; i < n; i++)
    {
        f();
    }

    return watch.Elapsed.TotalMicroseconds / n;
}

static JsonObject Npm(int count, byte[] seed, byte[] message)
{
    string tool = FindTool();
    var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, WorkingDirectory = tool };
    foreach (string a in new[] { Path.Combine(tool, "bench-sign.mjs"), count.ToString(CultureInfo.InvariantCulture), "0x" + Convert.ToHexString(seed), "0x" + Convert.ToHexString(message) })
    {
        start.ArgumentList.Add(a);
    }

    using Process node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
    string output = node.StandardOutput.ReadToEnd();
    node.WaitForExit();
    return node.ExitCode == 0 ? JsonNode.Parse(output)!.AsObject() : throw new InvalidOperationException("bench-sign.mjs failed; run 'npm ci --prefix tools/substrate-reference' first.");
}

static string FindTool()
{
    for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string folder = Path.Combine(dir.FullName, "tools", "substrate-reference");
        if (File.Exists(Path.Combine(folder, "node_modules", "@scure", "sr25519", "package.json")))
        {
            return folder;
        }
    }

    throw new InvalidOperationException("tools/substrate-reference/node_modules is missing; run 'npm ci --prefix tools/substrate-reference' first.");
}

static string RuntimeVersion() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
