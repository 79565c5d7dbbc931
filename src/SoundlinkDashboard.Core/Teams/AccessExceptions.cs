namespace SoundlinkDashboard.Core.Teams;

/// <summary>The thing does not exist for this caller. Another team's data answers this too, so nothing leaks.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller may see the team but lacks the role for this operation.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>Input that fails validation; <see cref="Errors"/> maps a field name to its message.</summary>
public sealed class InvalidInputException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join("; ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public InvalidInputException(string field, string message) : this(new Dictionary<string, string> { [field] = message })
    {
    }
}
