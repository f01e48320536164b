using System.Buffers;

namespace Drydock.Master.Allocation;

/// <summary>
/// Mesos's rules for role names, with its messages: <c>*</c>, or one or more components separated by single slashes,
/// none of them <c>.</c>, <c>..</c> or <c>*</c>, none starting with a dash, none with whitespace or DEL.
/// </summary>
internal static class RoleNames
{
    private static readonly SearchValues<char> Invalid = SearchValues.Create("\t\n\v\f\r \x7f");

    /// <summary>Why <paramref name="role"/> is not a valid role name, or null when it is.</summary>
    public static string? Validate(string role)
    {
        if (role == "*")
        {
            return null;
        }

        if (role.StartsWith('/'))
        {
            return $"Role '{role}' cannot start with a slash";
        }

        if (role.EndsWith('/'))
        {
            return $"Role '{role}' cannot end with a slash";
        }

        if (role.Contains("//", StringComparison.Ordinal))
        {
            return $"Role '{role}' cannot contain two adjacent slashes";
        }

        if (role.Length == 0)
        {
            return "Role names cannot be the empty string";
        }

        foreach (var component in role.Split('/'))
        {
            if (component is "." or ".." or "*")
            {
                return $"Role '{role}' cannot include '{component}' as a component";
            }

            if (component.StartsWith('-'))
            {
                return $"Role component '{component}' is invalid because it starts with a dash";
            }

            if (component.AsSpan().ContainsAny(Invalid))
            {
                return $"Role component '{component}' is invalid because it contains backspace or whitespace";
            }
        }

        return null;
    }
}
