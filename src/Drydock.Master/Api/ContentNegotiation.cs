using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Drydock.Master.Api;

/// <summary>Reads Accept and Content-Type as real Mesos clients send them (wire rules 5 and 6).</summary>
internal static class ContentNegotiation
{
    /// <summary>
    /// True when the response may be JSON: no Accept header, an empty one, or any media range that covers
    /// <c>application/json</c> with a non-zero quality (the header may also be given more than once).
    /// </summary>
    public static bool AcceptsJson(HttpRequest request)
    {
        var values = request.Headers.Accept;
        if (values.Count == 0)
        {
            return true;
        }

        var any = false;
        foreach (var header in values)
        {
            foreach (var range in (header ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                any = true;
                var parts = range.Split(';', StringSplitOptions.TrimEntries);
                var media = parts[0].ToLowerInvariant();
                if (media is not ("*/*" or "application/*" or MesosResponses.JsonMediaType))
                {
                    continue;
                }

                if (!parts.Skip(1).Any(IsZeroQuality))
                {
                    return true;
                }
            }
        }

        return !any;
    }

    /// <summary>The media type of the request without parameters, lower-cased; null when absent.</summary>
    public static string? MediaType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static bool IsZeroQuality(string parameter)
    {
        var eq = parameter.IndexOf('=', StringComparison.Ordinal);
        return eq > 0
            && parameter[..eq].Trim().Equals("q", StringComparison.OrdinalIgnoreCase)
            && double.TryParse(parameter[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var q)
            && q <= 0;
    }
}
