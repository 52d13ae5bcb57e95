namespace Functional.Cli;

/// <summary>What the process's exit status means.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Training ran but failed (a non-finite loss that could not be recovered, an exception in a network).</summary>
    public const int TrainingFailed = 1;
    /// <summary>Bad input: an unknown experiment or option value, unusable data, an unwritable folder.</summary>
    public const int BadInput = 2;
    /// <summary>The environment: libtorch would not load, or the asked-for device is not there.</summary>
    public const int Environment = 3;
    /// <summary>A sweep whose cells are not all done yet (`ablate --collect`, or `ablate` while cells run elsewhere): no table yet.</summary>
    public const int Incomplete = 4;
    /// <summary>Stopped by Ctrl+C (or SIGTERM) after a clean stop.</summary>
    public const int Cancelled = 130;
}
