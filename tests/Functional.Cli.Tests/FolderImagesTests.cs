using Functional.Cli;
using Functional.Examples;
using SkiaSharp;
using Xunit;

namespace Functional.Cli.Tests;

/// <summary>`train images --data DIR`: a folder of photos of any size and shape, with or without class subfolders, in colour or gray.</summary>
public sealed class FolderImagesTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("functional-images-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Twenty 40×30 pictures: a coloured disc at a place of its own on a coloured ground.</summary>
    string Photos(string name, bool classFolders = false)
    {
        var folder = Path.Combine(root, name);
        for (var i = 0; i < 20; i++)
        {
            var into = classFolders ? Path.Combine(folder, i % 2 == 0 ? "even" : "odd") : folder;
            Directory.CreateDirectory(into);
            using var bitmap = new SKBitmap(40, 30);
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(new SKColor((byte)(10 * i), 80, (byte)(200 - 5 * i)));
                using var paint = new SKPaint { Color = new SKColor(250, (byte)(12 * i), 40), IsAntialias = true };
                canvas.DrawCircle(8 + i, 6 + i % 15, 7, paint);
            }
            File.WriteAllBytes(Path.Combine(into, $"photo{i:00}.{(i % 3 == 0 ? "jpg" : "png")}"),
                bitmap.Encode(i % 3 == 0 ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png, 90).ToArray());
        }
        return folder;
    }

    (int Code, string Out, string Err) Train(string data, params string[] sets)
    {
        var request = new TrainRequest("images", 8, 8, 0, "cpu", null, Path.Combine(root, "runs"), 4, 0, CheckpointEvery: 0,
            Sets: ["generator_width=4", "discriminator_width=4", "latent_size=8", "judge_steps=20", .. sets], Data: data, Threads: 1);
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = TrainCommand.Run(request, BuiltInExperiments.All, output, errors, CancellationToken.None);
        return (code, output.ToString(), errors.ToString());
    }

    [Fact]
    [Trait("Category", "Training")]
    public void An_unlabelled_folder_of_colour_photos_trains_at_the_asked_size_with_metrics_that_need_no_labels()
    {
        var (code, output, errors) = Train(Photos("photos"), "image_size=32", "channels=3");
        Assert.True(code == ExitCodes.Ok, errors + output);

        var run = Directory.GetDirectories(Path.Combine(root, "runs")).Single();
        var log = File.ReadAllLines(Path.Combine(run, "metrics.jsonl"));
        Assert.Contains("\"swd\"", log[^1]);
        Assert.Contains("\"classifier_fd\"", log[^1]);
        Assert.Contains("\"augment_p\"", log[^1]);
        Assert.DoesNotContain("conditional_accuracy", log[^1]);
        using var grid = SKBitmap.Decode(Directory.GetFiles(Path.Combine(run, "samples"), "*.png").Max()!);
        Assert.Equal(0, (grid.Width - 2) % (32 + 2));
    }

    [Fact]
    [Trait("Category", "Training")]
    public void A_labelled_folder_trains_in_gray_and_its_labels_are_not_needed()
    {
        var (code, output, errors) = Train(Photos("labelled", classFolders: true), "image_size=40", "channels=1");
        Assert.True(code == ExitCodes.Ok, errors + output);
    }

    [Fact]
    public void Without_data_or_with_an_impossible_channel_count_the_error_says_what_to_pass()
    {
        var (code, _, errors) = Train(null!);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("pass --data DIR", errors);

        (code, _, errors) = Train(Photos("two"), "channels=2");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("channels = 2: images are read as gray (1) or RGB (3)", errors);
        Assert.False(Directory.Exists(Path.Combine(root, "runs")));
    }
}
