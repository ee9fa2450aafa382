using TorchSharp;
using TorchSharp.Modules;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models.Hybrid;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Torch;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// A Llama/Qwen2/Qwen3/Qwen3.5 causal language model. Module field names equal the HF checkpoint keys
/// (<c>model.layers.0.self_attn.q_proj.weight</c>, <c>lm_head.weight</c>), so weights load by name.
/// </summary>
public sealed class DecoderModel : nn.Module<DecoderInput, DecoderOutput>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly nn.Module<DecoderInput, (Tensor Hidden, List<Tensor> Layers)> model;
    private readonly Linear? lm_head;
#pragma warning restore IDE1006

    private DecoderModel(DecoderConfig config, Device device, ScalarType dtype)
        : base(nameof(DecoderModel))
    {
        Config = config;
        Device = device;
        DType = dtype;
        model = config.WrappedLayout ? new LanguageModelWrapper(config, device, dtype) : new DecoderBody(config, device, dtype);
        if (!config.TieWordEmbeddings)
        {
            lm_head = nn.Linear(config.HiddenSize, config.VocabSize, hasBias: false, device, dtype);
        }

        RegisterComponents();
    }

    /// <summary>The configuration.</summary>
    public DecoderConfig Config { get; }

    /// <summary>Where the weights live.</summary>
    public Device Device { get; }

    /// <summary>The weight dtype.</summary>
    public ScalarType DType { get; }

    /// <summary>Whether <see cref="EnableTraining"/> was called: parameters take gradients and forward records autograd.</summary>
    public bool Trainable { get; private set; }

    /// <summary>
    /// Makes every parameter trainable (requires_grad) and lets <see cref="forward"/> record the autograd graph. The
    /// arithmetic is unchanged (the decoders have no dropout), so logits equal those of inference mode.
    /// </summary>
    public void EnableTraining()
    {
        foreach (var p in parameters())
        {
            p.requires_grad = true;
        }

        train();
        Trainable = true;
    }

    /// <summary>Loads an HF model folder (<c>config.json</c> + <c>*.safetensors</c>).</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="dtype">bf16, f16 or f32.</param>
    /// <param name="device">cpu, cuda, cuda:N.</param>
    public static DecoderModel FromPretrained(string folder, string dtype = "f32", string device = "cpu") =>
        FromPretrained(folder, TorchRuntime.ParseDType(dtype), TorchRuntime.ParseDevice(device));

    /// <summary>
    /// Loads an HF model folder: <c>config.json</c> through <see cref="ModelConfig"/> (top level or nested
    /// <c>text_config</c>), weights through <see cref="SafetensorsCheckpoint"/> (one file, or shards listed by
    /// <c>model.safetensors.index.json</c>; memory-mapped).
    /// </summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="dtype">BFloat16, Float16 or Float32.</param>
    /// <param name="device">The device.</param>
    /// <exception cref="InvalidDataException">The folder is unusable; the message names the file, key or tensor.</exception>
    public static DecoderModel FromPretrained(string folder, ScalarType dtype, Device device)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        TorchRuntime.EnsureLoaded();
        DecoderConfig config;
        SafetensorsCheckpoint checkpoint;
        try
        {
            config = CheckpointLayout.ValidateConfig(ModelConfig.Load(folder));
            checkpoint = SafetensorsCheckpoint.Open(folder);
            if (config.IsHybrid)
            {
                // The weights decide the layout: conditional-generation wrapper or plain causal LM.
                config = config with { WrappedLayout = checkpoint.Names.Any(n => n.StartsWith(HybridCheckpoint.LanguageModelPrefix, StringComparison.Ordinal)) };
            }
        }
        catch (Exception ex) when (ex is ModelConfigException or CheckpointException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }

        using (checkpoint)
        {
            // The layout is checked on headers before any memory is allocated for the weights.
            CheckpointLayout.ValidateHeaders(config, checkpoint.Tensors.Select(t => t.Info), folder);
            var result = Create(config, dtype, device);
            try
            {
                ParameterLoader.Load(result, checkpoint, CheckpointLayout.IgnoredKeys(config, checkpoint.Names));
                return result;
            }
            catch
            {
                result.Dispose();
                throw;
            }
        }
    }

    /// <summary>Builds the module with uninitialised-for-inference weights (use the meta device for shape checks).</summary>
    /// <param name="config">The configuration.</param>
    /// <param name="dtype">The dtype.</param>
    /// <param name="device">The device.</param>
    public static DecoderModel Create(DecoderConfig config, ScalarType dtype, Device device)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (dtype is not (ScalarType.BFloat16 or ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64))
        {
            throw new ArgumentException($"Dtype {dtype} is not supported: use BFloat16, Float16 or Float32.", nameof(dtype));
        }

        using var noGrad = no_grad();
        var result = new DecoderModel(config, device, dtype);
        foreach (var p in result.parameters())
        {
            p.requires_grad = false;
        }

        result.eval();
        return result;
    }

    /// <inheritdoc />
    public override DecoderOutput forward(DecoderInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.InputIds.dim() != 2)
        {
            throw new ArgumentException($"Input ids must have shape [batch, seq]; got [{string.Join(", ", input.InputIds.shape)}].", nameof(input));
        }

        using var noGrad = Trainable ? null : no_grad();
        using var scope = NewDisposeScope();
        var (hidden, layers) = model.forward(input with { InputIds = input.InputIds.to(Device) });
        if (input.LastPositionOnly)
        {
            hidden = hidden.narrow(1, hidden.shape[1] - 1, 1);
        }

        var logits = lm_head is not null ? lm_head.forward(hidden) : hidden.matmul(((IDecoderStack)model).EmbeddingWeight.t());
        logits.MoveToOuterDisposeScope();
        foreach (var l in layers)
        {
            l.MoveToOuterDisposeScope();
        }

        return new DecoderOutput(logits, layers);
    }
}
