using System.Text;

namespace Drydock.Protocol.Ids;

/// <summary>
/// The one rule for every Mesos id Drydock reads from a client (framework, agent, task, executor and offer ids), as
/// Mesos's <c>common::validation::validateID</c> words it: not empty, at most <see cref="MaxBytes"/> bytes of UTF-8,
/// not <c>.</c> or <c>..</c>, and no control character, <c>/</c> or <c>\</c> (ids name directories on agents).
/// </summary>
public static class IdValidation
{
    /// <summary>Mesos's bound, <c>NAME_MAX</c>: the longest file name, since ids name sandbox directories.</summary>
    public const int MaxBytes = 255;

    /// <summary>Mesos's error text for an id that breaks the rule, or null when the id is valid.</summary>
    public static string? Validate(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return "ID must not be empty";
        }

        // Length first: the texts below quote the id, and a quoted id stays short.
        if (id.Length > MaxBytes || Encoding.UTF8.GetByteCount(id) > MaxBytes)
        {
            return $"ID must not be greater than {MaxBytes} characters";
        }

        if (id is "." or "..")
        {
            return $"'{id}' is disallowed";
        }

        return HasInvalidCharacter(id) ? $"'{id}' contains invalid characters" : null;
    }

    public static bool IsValid(string? id) => Validate(id) is null;

    /// <summary>
    /// Mesos refuses ASCII control characters and both path separators. Drydock also refuses the C1 controls and
    /// unpaired surrogates: neither prints, and an unpaired surrogate cannot be written back as JSON, so an id holding
    /// one would break every endpoint that lists it.
    /// </summary>
    private static bool HasInvalidCharacter(string id)
    {
        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (char.IsControl(c) || c is '/' or '\\')
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
