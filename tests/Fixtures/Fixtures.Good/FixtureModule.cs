using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;

namespace Tournament.Fixtures.Good;

/// <summary>A service the module registers and the scorer depends on.</summary>
public sealed class FixtureHelper
{
    private readonly double _answer = 42;

    public double Answer => _answer;
}

/// <summary>Registers the helper and a configuration-driven judge.</summary>
public sealed class FixtureModule : IPluginModule
{
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.Services.AddSingleton<FixtureHelper>();
        var judge = registrar.Configuration["Components:fixture-judge-name"] ?? "fixture-judge";
        registrar.AddComponent<IJudge>(judge, _ => new FixtureJudge(), "Echoes the last message (test fixture).");
    }
}

public sealed class FixtureJudge : IJudge
{
    public string Model => "echo";

    public Task<JudgeResult> JudgeAsync(JudgeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        JudgeResult answer = new JudgeAnswer(request.Messages[^1].Content, Model, "fixture", null, TimeSpan.Zero);
        return Task.FromResult(answer);
    }
}
