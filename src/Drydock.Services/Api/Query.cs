using Microsoft.AspNetCore.Http;

namespace Drydock.Services.Api;

/// <summary>Query parameters as Marathon reads them: a boolean is <c>true</c> compared without case, anything else false; absent takes the default.</summary>
internal static class Query
{
    public static bool Bool(HttpContext context, string name, bool fallback) =>
        context.Request.Query.TryGetValue(name, out var values) && values.Count > 0
            ? string.Equals(values[0], "true", StringComparison.OrdinalIgnoreCase)
            : fallback;
}
