using System.Text;
using System.Text.Json;
using Drydock.Services.Apps;

namespace Drydock.Services.Tests.Apps;

/// <summary>Shorthands for reading request bodies given as text.</summary>
internal static class AppBodies
{
    public static readonly AppReader Reader = new(AppRules.Default);

    public static ReadOnlyMemory<byte> Bytes(string json) => Encoding.UTF8.GetBytes(json);

    public static AppReadResult Create(string json) => Reader.ReadCreate(Bytes(json));

    public static AppDefinition Created(string json)
    {
        var result = Create(json);
        Assert.True(result.Succeeded, result.Problem?.ToJson());
        return result.App!;
    }

    public static MarathonProblem Problem(string json)
    {
        var result = Create(json);
        Assert.False(result.Succeeded, "expected a problem");
        return result.Problem!;
    }

    public static AppReadResult Update(string json, AppDefinition? stored, bool partialUpdate = true, string path = "/web") =>
        Reader.ReadUpdate(Bytes(json), PathId.Parse(path), stored, partialUpdate);

    /// <summary>The errors the problem lists at <paramref name="path"/> (empty when it lists none there).</summary>
    public static IReadOnlyList<string> ErrorsAt(MarathonProblem problem, string path) =>
        problem.Details?.FirstOrDefault(d => d.Path == path)?.Errors ?? [];

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
