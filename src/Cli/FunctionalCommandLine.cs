using System.CommandLine;
using Functional.Training;

namespace Functional.Cli;

/// <summary>The command tree: `list` and `train`, over a given set of experiments.</summary>
public static class FunctionalCommandLine
{
    public static RootCommand Build(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var root = new RootCommand("Functional: GAN training with tricks declared as attributed C# functions.");
        root.Subcommands.Add(List(experiments));
        root.Subcommands.Add(Train(experiments));
        return root;
    }

    static Command List(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var command = new Command("list", "List the experiments, with their tricks.");
        command.SetAction(_ =>
        {
            foreach (var e in experiments)
            {
                Console.WriteLine($"{e.Name,-16} {e.Description}");
                foreach (var trick in e.Tricks) Console.WriteLine($"{"",-16}   - {trick}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    static Command Train(IReadOnlyList<ExperimentDefinition> experiments)
    {
        var name = new Argument<string>("experiment") { Description = "Experiment to train (see 'list').", DefaultValueFactory = _ => TrainRequest.DefaultExperiment };
        var steps = new Option<long>("--steps") { Description = "Discriminator steps to train.", DefaultValueFactory = _ => 3000 };
        var batch = new Option<int>("--batch-size") { Description = "Samples per batch.", DefaultValueFactory = _ => 256 };
        var seed = new Option<long>("--seed") { Description = "Seed of every random draw.", DefaultValueFactory = _ => 0 };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var libtorch = new Option<string?>("--libtorch") { Description = "Folder of an existing libtorch (e.g. a CUDA PyTorch's torch/lib); also FUNCTIONAL_LIBTORCH." };
        var output = new Option<string>("--out") { Description = "Folder under which the run folder is made.", DefaultValueFactory = _ => "runs" };
        var logEvery = new Option<int>("--log-every") { Description = "Steps between progress lines.", DefaultValueFactory = _ => 250 };
        var evalEvery = new Option<int>("--eval-every") { Description = "Steps between metric evaluations (0: only at the end).", DefaultValueFactory = _ => 1000 };
        var command = new Command("train", "Train an experiment on its default data and write a run folder.")
        {
            name, steps, batch, seed, device, libtorch, output, logEvery, evalEvery,
        };
        command.SetAction(parse =>
        {
            using var cancellation = new CancellationTokenSource();
            ConsoleCancelEventHandler stop = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
            Console.CancelKeyPress += stop;
            try
            {
                var request = new TrainRequest(
                    parse.GetValue(name)!, parse.GetValue(steps), parse.GetValue(batch), parse.GetValue(seed),
                    parse.GetValue(device)!, parse.GetValue(libtorch), parse.GetValue(output)!,
                    parse.GetValue(logEvery), parse.GetValue(evalEvery));
                return TrainRun.Execute(request, experiments, Console.Out, Console.Error, cancellation.Token);
            }
            finally
            {
                Console.CancelKeyPress -= stop;
            }
        });
        return command;
    }
}
