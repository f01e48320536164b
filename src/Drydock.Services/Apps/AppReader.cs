using System.Text.Json;

namespace Drydock.Services.Apps;

/// <summary>
/// Turns the body of <c>POST /v2/apps</c>, <c>PUT</c>/<c>PATCH /v2/apps/{id}</c> and the array form of
/// <c>PUT /v2/apps</c> into normalised, validated apps, or into Marathon's error answer (marathon.md §1.1, §2, §4.2): an
/// empty body and text that is not JSON are 400s, wrong types and shapes are 422 <c>Invalid JSON</c>, broken rules are
/// 422 <c>Object is not valid</c>. Pure: no I/O, no clock; the caller gives the stored app and sets the version.
/// </summary>
internal sealed class AppReader(AppRules rules)
{
    public const string VersionCombined = "The 'version' field may only be combined with the 'id' field.";

    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 64 };

    public AppRules Rules { get; } = rules;

    /// <summary>A new app (<c>POST /v2/apps</c>): the body's <c>id</c> is required; any <c>version</c> is ignored.</summary>
    public AppReadResult ReadCreate(ReadOnlyMemory<byte> body)
    {
        if (Parse(body, out var document) is { } problem)
        {
            return AppReadResult.Failed(problem);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return AppReadResult.Failed(NotAnObject());
            }

            var scope = new AppReadScope();
            var patch = AppPatchReader.Read(root, scope);
            PathId? id = null;
            if (patch.Id is { } text)
            {
                id = AppIdRules.Check(text, "/id", scope) ?? PathId.Parse(text);
            }
            else if (!JsonFields.Has(root, "id"))
            {
                scope.Shape.Add("/id", "error.path.missing");
            }

            if (scope.Shape.HasErrors)
            {
                return AppReadResult.Failed(MarathonProblem.InvalidShape(scope.Shape.ToDetails()));
            }

            return Finish(patch.ApplyTo(new AppDefinition { Id = id!.Value, Role = Rules.DefaultRole }), scope);
        }
    }

    /// <summary>
    /// An update of the app at <paramref name="pathId"/> (<c>PUT</c>/<c>PATCH /v2/apps/{id}</c>). With
    /// <paramref name="partialUpdate"/> and a <paramref name="stored"/> app, the fields given replace the stored ones
    /// whole; otherwise the body is a whole app with the defaults of a create. The path's id wins over the body's.
    /// </summary>
    public AppReadResult ReadUpdate(ReadOnlyMemory<byte> body, PathId pathId, AppDefinition? stored, bool partialUpdate = true)
    {
        if (Parse(body, out var document) is { } problem)
        {
            return AppReadResult.Failed(problem);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return AppReadResult.Failed(NotAnObject());
            }

            var scope = new AppReadScope();
            var result = ReadUpdate(root, pathId, stored, partialUpdate, scope);
            if (scope.Shape.HasErrors)
            {
                return AppReadResult.Failed(MarathonProblem.InvalidShape(scope.Shape.ToDetails()));
            }

            return scope.Rules.HasErrors ? AppReadResult.Failed(MarathonProblem.NotValid(scope.Rules.ToDetails())) : result;
        }
    }

    /// <summary>
    /// The array form of <c>PUT</c>/<c>PATCH /v2/apps</c>: every element names its app by <c>id</c>;
    /// <paramref name="lookup"/> gives the stored app of an id (null when there is none, which creates it).
    /// </summary>
    public AppBatchResult ReadUpdates(ReadOnlyMemory<byte> body, Func<PathId, AppDefinition?> lookup, bool partialUpdate = true)
    {
        if (Parse(body, out var document) is { } problem)
        {
            return new AppBatchResult(null, problem);
        }

        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                return new AppBatchResult(null, MarathonProblem.InvalidShape([new ProblemDetail("/", ["error.expected.jsarray"])]));
            }

            var shape = new ProblemCollector();
            var broken = new ProblemCollector();
            var results = new List<AppReadResult>();
            var i = 0;
            foreach (var element in root.EnumerateArray())
            {
                var prefix = JsonFields.Index("/", i++);
                var scope = new AppReadScope();
                if (element.ValueKind != JsonValueKind.Object)
                {
                    shape.Add(prefix, "error.expected.jsobject");
                    continue;
                }

                var text = scope.Fields.RequiredString(element, "id", "");
                var id = text is null ? (PathId?)null : AppIdRules.Check(text, "/id", scope) ?? PathId.Parse(text);
                if (id is { } known)
                {
                    results.Add(ReadUpdate(element, known, lookup(known), partialUpdate, scope));
                }

                shape.AddAll(scope.Shape, prefix);
                broken.AddAll(scope.Rules, prefix);
            }

            if (shape.HasErrors)
            {
                return new AppBatchResult(null, MarathonProblem.InvalidShape(shape.ToDetails()));
            }

            return broken.HasErrors ? new AppBatchResult(null, MarathonProblem.NotValid(broken.ToDetails())) : new AppBatchResult(results, null);
        }
    }

    private AppReadResult ReadUpdate(JsonElement root, PathId pathId, AppDefinition? stored, bool partialUpdate, AppReadScope scope)
    {
        var patch = AppPatchReader.Read(root, scope);
        if (patch.Id is { } bodyId && !AppIdRules.SegmentsMatch(bodyId))
        {
            scope.Shape.Add("/id", "error.pattern");
        }

        _ = AppIdRules.Check(pathId.Value, "/id", scope);
        if (patch.Version is { } version)
        {
            if (patch.DefinitionFieldCount > 0)
            {
                scope.Rules.Add("", VersionCombined);
                return new AppReadResult { Id = pathId };
            }

            return new AppReadResult { Id = pathId, RollbackTo = version };
        }

        var basis = stored is not null && partialUpdate
            ? stored with { Id = pathId }
            : new AppDefinition { Id = pathId, Role = Rules.DefaultRole, Version = stored?.Version ?? default, VersionInfo = stored?.VersionInfo };
        var app = patch.ApplyTo(basis);
        AppValidator.Validate(app, Rules, scope.Rules);
        return new AppReadResult { Id = pathId, App = app };
    }

    private AppReadResult Finish(AppDefinition app, AppReadScope scope)
    {
        AppValidator.Validate(app, Rules, scope.Rules);
        return scope.Rules.HasErrors
            ? AppReadResult.Failed(MarathonProblem.NotValid(scope.Rules.ToDetails())) with { Id = app.Id }
            : new AppReadResult { Id = app.Id, App = app };
    }

    private static MarathonProblem NotAnObject() => MarathonProblem.InvalidShape([new ProblemDetail("/", ["error.expected.jsobject"])]);

    /// <summary>Null and the document, or the 400 for an empty body or text that is not JSON.</summary>
    private static MarathonProblem? Parse(ReadOnlyMemory<byte> body, out JsonDocument? document)
    {
        document = null;
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return MarathonProblem.NoData();
        }

        // The parser leaves strings undecoded until read; bad bytes must be a 400 here, not an exception later.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return MarathonProblem.InvalidJson("The body is not valid UTF-8 text.");
        }

        try
        {
            document = JsonDocument.Parse(body, ParseOptions);
            return null;
        }
        catch (JsonException e)
        {
            return MarathonProblem.InvalidJson(e.Message);
        }
    }
}
