using TorchSharp;
using TorchSharp.Modules;
using Tournament.Inference.ModelFiles;
using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>
/// The Qwen3.5 MoE block: a softmax router (float32) picks the top-k experts per token and renormalises their
/// weights to sum to one; each expert is a SwiGLU with fused gate/up weights; a shared SwiGLU expert is added,
/// scaled by sigmoid(shared_expert_gate x).
/// </summary>
internal sealed class SparseMoeBlock : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Router gate;
    private readonly Experts experts;
    private readonly SwiGluMlp shared_expert;
    private readonly Linear shared_expert_gate;
#pragma warning restore IDE1006
    private readonly int topK;

    public SparseMoeBlock(DecoderConfig config, HybridConfig h, Device device, ScalarType dtype)
        : base(nameof(SparseMoeBlock))
    {
        topK = h.NumExpertsPerTok;
        gate = new Router(h.NumExperts, config.HiddenSize, device, dtype);
        experts = new Experts(h.NumExperts, config.HiddenSize, h.MoeIntermediateSize, device, dtype);
        shared_expert = new SwiGluMlp(config.HiddenSize, h.SharedExpertIntermediateSize, false, device, dtype);
        shared_expert_gate = nn.Linear(config.HiddenSize, 1, hasBias: false, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var shape = input.shape;
        var flat = input.reshape(-1, shape[^1]);
        var probs = nn.functional.linear(flat, gate.weight).to_type(ScalarType.Float32).softmax(-1);
        var (top, chosen) = probs.topk(topK, dim: -1);
        top = (top / top.sum(-1, keepdim: true)).to_type(input.dtype);
        var routed = experts.Apply(flat, chosen, top);
        var shared = shared_expert_gate.forward(flat).sigmoid() * shared_expert.forward(flat);
        return (routed + shared).reshape(shape).MoveToOuterDisposeScope();
    }

    /// <summary>The router (<c>mlp.gate.weight</c> [experts, hidden]).</summary>
    private sealed class Router : nn.Module
    {
#pragma warning disable IDE1006 // field names are checkpoint keys
        public readonly Parameter weight;
#pragma warning restore IDE1006

        public Router(long experts, long hidden, Device device, ScalarType dtype)
            : base(nameof(Router))
        {
            weight = nn.Parameter(zeros(experts, hidden, dtype: dtype, device: device), requires_grad: false);
            RegisterComponents();
        }
    }

    /// <summary>The routed experts as 3-D tensors: gate_up_proj [E, 2I, H] (gate rows first), down_proj [E, H, I].</summary>
    private sealed class Experts : nn.Module
    {
#pragma warning disable IDE1006 // field names are checkpoint keys
        private readonly Parameter gate_up_proj;
        private readonly Parameter down_proj;
#pragma warning restore IDE1006
        private readonly long intermediate;

        public Experts(long experts, long hidden, long intermediate, Device device, ScalarType dtype)
            : base(nameof(Experts))
        {
            this.intermediate = intermediate;
            gate_up_proj = nn.Parameter(zeros(experts, 2 * intermediate, hidden, dtype: dtype, device: device), requires_grad: false);
            down_proj = nn.Parameter(zeros(experts, hidden, intermediate, dtype: dtype, device: device), requires_grad: false);
            RegisterComponents();
        }

        /// <summary>Σ over each token's chosen experts of weight × expert(x); x [N, H], chosen/weights [N, k].</summary>
        public Tensor Apply(Tensor x, Tensor chosen, Tensor weights)
        {
            var output = zeros_like(x);
            var used = chosen.flatten().unique().Item1.cpu().data<long>().ToArray();
            foreach (var e in used)
            {
                var hit = chosen == e;
                var rows = hit.any(-1).nonzero().squeeze(-1);
                var weight = (weights * hit.to_type(weights.dtype)).sum(-1).index_select(0, rows).unsqueeze(-1);
                var tokens = x.index_select(0, rows);
                var gateUp = nn.functional.linear(tokens, gate_up_proj[e]);
                var act = nn.functional.silu(gateUp.narrow(-1, 0, intermediate)) * gateUp.narrow(-1, intermediate, intermediate);
                var y = nn.functional.linear(act, down_proj[e]) * weight;
                output.index_add_(0, rows, y, 1);
            }

            return output;
        }
    }
}
