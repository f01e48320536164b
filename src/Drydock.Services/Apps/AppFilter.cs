namespace Drydock.Services.Apps;

/// <summary>
/// The filters of <c>GET /v2/apps</c>: <c>cmd</c> (the command contains the text), <c>id</c> (the id contains the text),
/// both without case, and <c>label</c> (a <see cref="LabelSelector"/>). A filter not given matches every app.
/// </summary>
internal sealed record AppFilter(string? Cmd = null, string? Id = null, LabelSelector? Label = null)
{
    public bool Matches(AppDefinition app) =>
        (string.IsNullOrEmpty(Cmd) || (app.Cmd?.Contains(Cmd, StringComparison.OrdinalIgnoreCase) ?? false))
        && (string.IsNullOrEmpty(Id) || app.Id.Value.Contains(Id, StringComparison.OrdinalIgnoreCase))
        && (Label is null || Label.Matches(app.Labels));

    /// <summary>The filter of the query parameters, or null with the error (a label text that is not a selector).</summary>
    public static AppFilter? TryCreate(string? cmd, string? id, string? label, out string? error)
    {
        error = null;
        LabelSelector? selector = null;
        if (!string.IsNullOrEmpty(label) && (selector = LabelSelector.TryParse(label, out error)) is null)
        {
            return null;
        }

        return new AppFilter(cmd, id, selector);
    }
}
