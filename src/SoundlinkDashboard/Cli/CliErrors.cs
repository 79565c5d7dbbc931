namespace SoundlinkDashboard.Cli;

/// <summary>A command line that does not fit the usage, found after parsing: "error: ..." and the command's help, exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A command that could not do its work: "error: ..." and the given exit code (1 failure, 2 usage or I/O).</summary>
internal sealed class CliFailure(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
