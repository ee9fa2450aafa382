using System.ComponentModel.DataAnnotations;
using Tournament.Plugins.Storage.Hippius;
using Tournament.Storage.Hippius.Tests.Fixtures;

namespace Tournament.Storage.Hippius.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_PointAtHippius()
    {
        var options = new HippiusOptions();

        Assert.Equal(new Uri("https://s3.hippius.com"), options.ServiceUrl);
        Assert.Equal("decentralized", options.Region);
        Assert.True(options.ForcePathStyle);
        Assert.Equal(4L * 1024 * 1024, options.MaxManifestBytes);
    }

    [Theory]
    [InlineData("Bucket", "UPPER")]
    [InlineData("Bucket", "a")]
    [InlineData("KeyPrefix", "../x")]
    [InlineData("KeyPrefix", "/abs")]
    [InlineData("CacheDirectory", " ")]
    [InlineData("RegistryEndpoint", "ftp://registry")]
    public void Validate_BadValue_NamesTheKey(string key, string value)
    {
        var options = new HippiusOptions { RegistryEndpoint = new Uri("http://127.0.0.1/"), Bucket = "ok-bucket" };
        switch (key)
        {
            case "Bucket": options.Bucket = value; break;
            case "KeyPrefix": options.KeyPrefix = value; break;
            case "CacheDirectory": options.CacheDirectory = value; break;
            default: options.RegistryEndpoint = new Uri(value); break;
        }

        var results = Validate(options);

        Assert.Contains(results, r => r.MemberNames.Contains(key));
    }

    [Fact]
    public void Validate_NeitherRole_AsksForOne() =>
        Assert.Contains(Validate(new HippiusOptions()), r => r.ErrorMessage!.Contains("at least one", StringComparison.Ordinal));

    [Fact]
    public void Validate_PartSizeBelowS3Minimum_IsRejected() =>
        Assert.Contains(Validate(new HippiusOptions { Bucket = "b-1", PartSizeBytes = 1024 }), r => r.MemberNames.Contains("PartSizeBytes"));

    [Fact]
    public void Credentials_HippiusVariablesWin_AwsFallback_NeverPrinted()
    {
        var both = HippiusCredentials.From(new FakeEnvironment(new() { ["HIPPIUS_ACCESS_KEY_ID"] = "hid", ["HIPPIUS_SECRET_ACCESS_KEY"] = "hsecret", ["AWS_ACCESS_KEY_ID"] = "aid", ["AWS_SECRET_ACCESS_KEY"] = "asecret" }));
        var aws = HippiusCredentials.From(new FakeEnvironment(new() { ["AWS_ACCESS_KEY_ID"] = "aid", ["AWS_SECRET_ACCESS_KEY"] = "asecret", ["HIPPIUS_ACCESS_KEY_ID"] = "only-half" }));
        var none = HippiusCredentials.From(new FakeEnvironment([]));

        Assert.Equal(("hid", "hsecret"), (both.AccessKeyId, both.SecretAccessKey));
        Assert.Equal(("aid", "asecret"), (aws.AccessKeyId, aws.SecretAccessKey));
        Assert.False(none.HasS3Keys);
        Assert.DoesNotContain("secret", both.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hid", both.ToString(), StringComparison.Ordinal);
    }

    private static List<ValidationResult> Validate(HippiusOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
