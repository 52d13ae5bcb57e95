using Functional.Data;
using Functional.Metrics;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Functional.Examples.Images;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017) as Debian ships it: <c>apt-get install dataset-fashion-mnist</c>
/// puts the four gzipped IDX files in <see cref="PackagedFolder"/>. The training split (60,000
/// images, or its first <c>trainingImages</c>) is what the GAN trains on; the judge's classifier
/// learns the ten classes from the whole training split, and samples are compared with the test
/// split (10,000 images), which no run trains on. Images are 28×28, resized to the experiment's size.
/// </summary>
public static class FashionMnistData
{
    public const string PackagedFolder = "/usr/share/datasets/fashion-mnist";
    public const string Package = "dataset-fashion-mnist";
    public const string TrainingImages = "train-images-idx3-ubyte.gz", TrainingLabels = "train-labels-idx1-ubyte.gz";
    public const string TestImages = "t10k-images-idx3-ubyte.gz", TestLabels = "t10k-labels-idx1-ubyte.gz";

    /// <summary>Where the files are: <paramref name="folder"/>, or the package's folder; an error naming the package when neither holds them.</summary>
    public static Fin<string> Locate(string? folder)
    {
        var path = folder ?? PackagedFolder;
        var missing = new[] { TrainingImages, TrainingLabels, TestImages, TestLabels }.Where(f => !File.Exists(Path.Combine(path, f))).ToArray();
        if (missing.Length == 0) return path;
        if (folder is null)
            return Error.New($"{PackagedFolder}: Fashion-MNIST is not installed (missing {string.Join(", ", missing)}); install it with 'apt-get install {Package}', or pass --data DIR with the four files");
        return Error.New(Directory.Exists(path)
            ? $"{path}: missing {string.Join(", ", missing)}; a Fashion-MNIST folder holds {TrainingImages}, {TrainingLabels}, {TestImages} and {TestLabels} (Debian's {Package} installs them in {PackagedFolder})"
            : $"{path}: data folder not found");
    }

    /// <summary>
    /// The training batches (the first <paramref name="trainingImages"/> of the split, 0 for all) with
    /// the judge of <paramref name="judge"/> (built on first use) that their metrics compare against.
    /// </summary>
    public static Fin<IBatchSource> Open(string? folder, DataOptions options, int size, int trainingImages, Func<LabelledImages, LabelledImages, ImageJudge> judge) =>
        from path in Locate(folder)
        from training in IdxDataset.Read(Path.Combine(path, TrainingImages), Path.Combine(path, TrainingLabels), size)
        from test in IdxDataset.Read(Path.Combine(path, TestImages), Path.Combine(path, TestLabels), size)
        from source in Serve(training, test, options, trainingImages, judge)
        select source;

    static Fin<IBatchSource> Serve(LabelledImages training, LabelledImages test, DataOptions options, int trainingImages,
        Func<LabelledImages, LabelledImages, ImageJudge> judge)
    {
        if (trainingImages < 0 || trainingImages > training.Count)
        {
            training.Dispose();
            test.Dispose();
            return Error.New($"training_images {trainingImages} is out of range: the training split has {training.Count} images (0 uses them all)");
        }
        var served = trainingImages == 0 ? training : training.Take(trainingImages);
        if (options.BatchSize < 1 || options.BatchSize > served.Count)
        {
            if (!ReferenceEquals(served, training)) served.Dispose();
            training.Dispose();
            test.Dispose();
            return Error.New($"batch size {options.BatchSize} must be between 1 and the {served.Count} training images");
        }
        // The whole training split and the test split stay for the judge; the batches own a cut of the training split, or share it.
        var batches = LabelledImageSource.Over(served, options, ownsData: !ReferenceEquals(served, training));
        return new JudgedImages(batches, () => judge(training, test), new Splits(training, test));
    }

    sealed class Splits(LabelledImages training, LabelledImages test) : IDisposable
    {
        public void Dispose()
        {
            training.Dispose();
            test.Dispose();
        }
    }
}
