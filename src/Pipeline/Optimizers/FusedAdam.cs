using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Functional.Optimizers;

/// <summary>
/// Adam over flat buffers: each parameter group's parameters, moments and gradient live in one
/// contiguous buffer each, so a step is about ten tensor operations for the whole network instead
/// of about ten per parameter (on a GPU, ten kernel launches instead of hundreds). The math is
/// TorchSharp's <see cref="Adam"/>, operation for operation (bias-corrected, L2 weight decay added
/// to the gradient, optional AMSGrad and maximize); the results agree to float rounding.
/// </summary>
/// <remarks>
/// <para>The parameters become views of one buffer per group (<see cref="FlatParameters"/>, which
/// the generator average shares). Build the optimizer after moving the network to its device;
/// moving it afterwards detaches the parameters from the buffer.</para>
/// <para>Gradients are read from the parameters at each step (one <c>cat</c> per group on a GPU,
/// one copy per parameter into a kept buffer on the CPU), so they may be cleared either way: set
/// to none, as the generated step does, or zeroed. A step where some parameter of a group has no
/// gradient falls back to a per-parameter update of the others, which Adam skips in the same way.</para>
/// <para>State is saved per parameter in the layout of TorchSharp's Adam (step, first and second
/// moment, AMSGrad maximum), under this class's name.</para>
/// </remarks>
public sealed class FusedAdam : OptimizerHelper, optim.IBetas
{
    readonly List<Segment> segments = [];

    /// <summary>Adam over <paramref name="parameters"/> as one group.</summary>
    public FusedAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this([new Adam.ParamGroup { Parameters = parameters }], lr, beta1, beta2, eps, weight_decay, amsgrad, maximize)
    {
    }

    /// <summary>Adam over parameter groups; options a group leaves unset come from the arguments.</summary>
    public FusedAdam(IEnumerable<Adam.ParamGroup> groups, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weight_decay = 0, bool amsgrad = false, bool maximize = false)
        : this(groups, lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, gather: null)
    {
    }

    /// <summary>
    /// For tests: <paramref name="concatenate"/> forces the GPU's way of reading gradients (one
    /// <c>cat</c>, true) or the CPU's (copies into kept buffers, false) on any device.
    /// </summary>
    internal static FusedAdam WithGather(IEnumerable<Parameter> parameters, bool concatenate, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
        double eps = 1e-8, double weight_decay = 0, bool amsgrad = false, bool maximize = false) =>
        new([new Adam.ParamGroup { Parameters = parameters }], lr, beta1, beta2, eps, weight_decay, amsgrad, maximize, concatenate);

    readonly bool? concatenate;

    FusedAdam(IEnumerable<Adam.ParamGroup> groups, double lr, double beta1, double beta2, double eps,
        double weight_decay, bool amsgrad, bool maximize, bool? gather)
    {
        concatenate = gather;
        Check(lr, beta1, beta2, eps, weight_decay);
        _defaults = new Adam.Options
        {
            LearningRate = lr, InitialLearningRate = lr, beta1 = beta1, beta2 = beta2, eps = eps,
            weight_decay = weight_decay, amsgrad = amsgrad, maximize = maximize,
        };
        _parameter_groups = [];
        foreach (var group in groups) add_param_group(group);
    }

    static void Check(double? lr, double? beta1, double? beta2, double? eps, double? weightDecay)
    {
        if (lr is < 0 or double.NaN) throw new ArgumentException($"Invalid learning rate: {lr}");
        if (eps is < 0 or double.NaN) throw new ArgumentException($"Invalid ε: {eps}");
        if (beta1 is < 0 or >= 1 or double.NaN) throw new ArgumentException($"Invalid beta1: {beta1} (must be in [0, 1))");
        if (beta2 is < 0 or >= 1 or double.NaN) throw new ArgumentException($"Invalid beta2: {beta2} (must be in [0, 1))");
        if (weightDecay is < 0 or double.NaN) throw new ArgumentException($"Invalid weight_decay: {weightDecay}");
    }

    /// <summary>The default betas (groups may override them).</summary>
    public (double, double) Betas
    {
        get => (Defaults.beta1!.Value, Defaults.beta2!.Value);
        set => (Defaults.beta1, Defaults.beta2) = value;
    }

    Adam.Options Defaults => (Adam.Options)_defaults;

    /// <summary>Adds a group: its parameters are laid out in a new flat buffer with its moments.</summary>
    public override void add_param_group(ParamGroup param_group)
    {
        var options = param_group.Options as Adam.Options
                      ?? (param_group.Options is null ? new Adam.Options() : throw new ArgumentException("FusedAdam's parameter groups take Adam.Options."));
        param_group.Options = options;
        var d = Defaults;
        options.LearningRate ??= d.LearningRate;
        options.beta1 ??= d.beta1;
        options.beta2 ??= d.beta2;
        options.eps ??= d.eps;
        options.weight_decay ??= d.weight_decay;
        options.amsgrad ??= d.amsgrad;
        options.maximize ??= d.maximize;
        options.InitialLearningRate = options.LearningRate!.Value;
        Check(options.LearningRate, options.beta1, options.beta2, options.eps, options.weight_decay);

        var parameters = param_group.Parameters.ToArray();
        if (parameters.Length == 0) throw new ArgumentException("A parameter group of FusedAdam has no parameters.");
        if (parameters.Distinct(ReferenceEqualityComparer.Instance).Count() != parameters.Length || segments.Any(s => s.Parameters.Intersect(parameters, ReferenceEqualityComparer.Instance).Any()))
            throw new ArgumentException("A parameter appears twice in FusedAdam's parameter groups.");
        param_group.Parameters = parameters;
        var segment = new Segment(parameters, options.amsgrad!.Value, concatenate);
        segments.Add(segment);
        _parameter_groups.Add(param_group);
        for (var i = 0; i < parameters.Length; i++) _state[parameters[i].Handle] = new State(segment, i);
    }

    /// <summary>One Adam step over every group.</summary>
    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var segment = segments[_parameter_groups.IndexOf(group)];
        segment.Step((Adam.Options)group.Options);
    }, closure);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        foreach (var segment in segments) segment.Dispose();
        segments.Clear();
    }

    /// <summary>The flat state of one parameter group.</summary>
    sealed class Segment : IDisposable
    {
        public readonly Parameter[] Parameters;
        readonly Tensor flat;
        readonly Tensor expAvg, expAvgSq;
        readonly Tensor? maxExpAvgSq;
        public readonly Tensor[] ExpAvg, ExpAvgSq;
        public readonly Tensor[]? MaxExpAvgSq;
        public readonly long[] Steps;
        readonly Tensor[] gradients;
        // On the CPU, where every large allocation is fresh pages to fault in, the flat gradient and
        // the denominator live in buffers kept across steps, and gradients are copied in one by one.
        // On a GPU the caching allocator makes temporaries free and kernel launches are what costs,
        // so gradients are gathered with a single cat.
        readonly Tensor? gradientBuffer, denominatorBuffer;
        readonly Tensor[]? gradientSlices;
        bool stepsEqual = true;

        public Segment(Parameter[] parameters, bool amsgrad, bool? concatenate)
        {
            Parameters = parameters;
            flat = FlatParameters.Of(parameters);
            expAvg = zeros_like(flat).DetachFromDisposeScope();
            expAvgSq = zeros_like(flat).DetachFromDisposeScope();
            maxExpAvgSq = amsgrad ? zeros_like(flat).DetachFromDisposeScope() : null;
            ExpAvg = FlatParameters.Slices(expAvg, parameters);
            ExpAvgSq = FlatParameters.Slices(expAvgSq, parameters);
            MaxExpAvgSq = maxExpAvgSq is null ? null : FlatParameters.Slices(maxExpAvgSq, parameters);
            Steps = new long[parameters.Length];
            gradients = new Tensor[parameters.Length];
            if (!(concatenate ?? flat.device_type != DeviceType.CPU))
            {
                gradientBuffer = zeros_like(flat).DetachFromDisposeScope();
                denominatorBuffer = zeros_like(flat).DetachFromDisposeScope();
                gradientSlices = FlatParameters.Slices(gradientBuffer, parameters);
            }
        }

        public bool HasMaximum => maxExpAvgSq is not null;

        public void StepsChanged() => stepsEqual = Steps.All(s => s == Steps[0]);

        /// <summary>Runs inside the optimizer's no_grad dispose scope, so temporaries are freed.</summary>
        public void Step(Adam.Options o)
        {
            var complete = true;
            for (var i = 0; i < Parameters.Length; i++)
            {
                var grad = Parameters[i].grad;
                if (grad is null) complete = false;
                gradients[i] = grad!;
            }
            if (complete && stepsEqual)
            {
                Tensor flatGradient;
                if (gradientSlices is not null)
                {
                    for (var i = 0; i < gradients.Length; i++) gradientSlices[i].copy_(gradients[i]);
                    flatGradient = gradientBuffer!;
                }
                else
                {
                    for (var i = 0; i < gradients.Length; i++) gradients[i] = gradients[i].reshape(-1);
                    flatGradient = cat(gradients, 0);
                }
                var step = Steps[0] + 1;
                Update(flat, flatGradient, expAvg, expAvgSq, maxExpAvgSq, denominatorBuffer, step, o);
                Array.Fill(Steps, step);
            }
            else
            {
                for (var i = 0; i < Parameters.Length; i++)
                {
                    if (gradients[i] is null) continue;
                    Steps[i] += 1;
                    Update(Parameters[i], gradients[i].clone(), ExpAvg[i], ExpAvgSq[i], MaxExpAvgSq?[i], null, Steps[i], o);
                }
                StepsChanged();
            }
            Array.Clear(gradients);
        }

        /// <summary>
        /// TorchSharp's Adam update, operation for operation, on tensors of any shape.
        /// <paramref name="gradient"/> is owned by the caller's scope and may be changed in place.
        /// </summary>
        static void Update(Tensor parameter, Tensor gradient, Tensor expAvg, Tensor expAvgSq, Tensor? maxExpAvgSq, Tensor? denominatorBuffer, long step, Adam.Options o)
        {
            var beta1 = o.beta1!.Value;
            var beta2 = o.beta2!.Value;
            var biasCorrection1 = 1 - Math.Pow(beta1, step);
            var biasCorrection2 = 1 - Math.Pow(beta2, step);
            if (o.maximize!.Value) gradient.neg_();
            if (o.weight_decay!.Value != 0) gradient.add_(parameter, alpha: o.weight_decay.Value);
            expAvg.mul_(beta1).add_(gradient, alpha: 1 - beta1);
            expAvgSq.mul_(beta2).addcmul_(gradient, gradient, value: 1 - beta2);
            var second = expAvgSq;
            if (maxExpAvgSq is not null)
            {
                maxExpAvgSq.copy_(maximum(maxExpAvgSq, expAvgSq));
                second = maxExpAvgSq;
            }
            var denominator = denominatorBuffer is null
                ? (second.sqrt() / Math.Sqrt(biasCorrection2)).add_(o.eps!.Value)
                : denominatorBuffer.copy_(second).sqrt_().div_(Math.Sqrt(biasCorrection2)).add_(o.eps!.Value);
            parameter.addcdiv_(expAvg, denominator, value: -o.LearningRate!.Value / biasCorrection1);
        }

        public void Dispose()
        {
            foreach (var view in ExpAvg.Concat(ExpAvgSq).Concat(MaxExpAvgSq ?? []).Concat(gradientSlices ?? [])) view.Dispose();
            gradientBuffer?.Dispose();
            denominatorBuffer?.Dispose();
            expAvg.Dispose();
            expAvgSq.Dispose();
            maxExpAvgSq?.Dispose();
            flat.Dispose();
        }
    }

    /// <summary>One parameter's slice of its group's state, saved in the layout of TorchSharp's Adam.State.</summary>
    sealed class State(Segment segment, int index) : OptimizerState(segment.Parameters[index])
    {
        readonly Segment segment = segment;
        readonly int index = index;

        /// <summary>Nothing to do: the state is allocated, as slices of the flat buffers, when the group is added.</summary>
        public override void Initialize(OptimizerOptions options)
        {
        }

        public override void SaveStateDict(BinaryWriter writer)
        {
            writer.Write(segment.Steps[index]);
            segment.ExpAvg[index].Save(writer);
            segment.ExpAvgSq[index].Save(writer);
            writer.Write(segment.HasMaximum);
            if (segment.HasMaximum) segment.MaxExpAvgSq![index].Save(writer);
        }

        public override void LoadStateDict(BinaryReader reader)
        {
            var step = reader.ReadInt64();
            if (step < 0) throw new InvalidDataException($"FusedAdam state: parameter {index} has a negative step count ({step}).");
            Read(reader, segment.ExpAvg[index]);
            Read(reader, segment.ExpAvgSq[index]);
            var hasMaximum = reader.ReadBoolean();
            if (hasMaximum != segment.HasMaximum)
                throw new InvalidDataException($"FusedAdam state: parameter {index} was saved {(hasMaximum ? "with" : "without")} AMSGrad, and this optimizer runs {(segment.HasMaximum ? "with" : "without")} it.");
            if (hasMaximum) Read(reader, segment.MaxExpAvgSq![index]);
            segment.Steps[index] = step;
            segment.StepsChanged();
        }

        /// <summary>Reads a saved tensor into a slice of a flat buffer, in place.</summary>
        static void Read(BinaryReader reader, Tensor target)
        {
            using var loaded = empty(target.shape, dtype: target.dtype);
            TensorExtensionMethods.Load(loaded, reader, false);
            using var _ = no_grad();
            target.copy_(loaded);
        }

        public override void LoadStateDict(OptimizerState source)
        {
            if (source is not State other) throw new ArgumentException("FusedAdam can only load another FusedAdam's state.");
            using var _ = no_grad();
            segment.ExpAvg[index].copy_(other.segment.ExpAvg[other.index]);
            segment.ExpAvgSq[index].copy_(other.segment.ExpAvgSq[other.index]);
            if (segment.HasMaximum && other.segment.HasMaximum) segment.MaxExpAvgSq![index].copy_(other.segment.MaxExpAvgSq![other.index]);
            segment.Steps[index] = other.segment.Steps[other.index];
            segment.StepsChanged();
        }

        public override bool ApproximatelyEquals(OptimizerState other) =>
            other is State o && segment.Steps[index] == o.segment.Steps[o.index]
            && segment.ExpAvg[index].allclose(o.segment.ExpAvg[o.index]) && segment.ExpAvgSq[index].allclose(o.segment.ExpAvgSq[o.index]);

        public override void to(Device device) =>
            throw new NotSupportedException("FusedAdam keeps its state in flat buffers on the parameters' device; move the network first, then build the optimizer.");
    }
}
